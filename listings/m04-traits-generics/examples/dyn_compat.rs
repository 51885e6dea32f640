//! Lesson 04.5: what keeps a trait usable as `dyn Trait`, and the
//! `where Self: Sized` escape hatch for methods that would not fit a vtable.
//!
//! Run with `cargo run -p m04-traits-generics --example dyn_compat`.

// ANCHOR: sink
/// A destination for log lines, usable as `dyn Sink`.
trait Sink {
    /// Goes in the vtable: takes `&self`, no type parameters.
    fn send(&self, line: &str) -> bool;

    /// Generic, so it cannot go in a vtable (one entry per `I`?). The
    /// `where Self: Sized` bound leaves it out: `dyn Sink` has no such
    /// method, concrete sinks still do, and the trait stays dyn-compatible.
    fn send_all<I>(&self, lines: I) -> usize
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
        Self: Sized,
    {
        lines
            .into_iter()
            .filter(|line| self.send(line.as_ref()))
            .count()
    }

    /// Takes `self` by value. That does not stop `dyn Sink` from existing:
    /// the method is in the trait, but a `dyn Sink` cannot be moved out of
    /// its box, so only concrete sinks can call it (E0161 on an object).
    fn close(self) -> String;
}
// ANCHOR_END: sink

/// Accepts lines up to a length limit.
struct Limited {
    max_len: usize,
}

impl Sink for Limited {
    fn send(&self, line: &str) -> bool {
        line.len() <= self.max_len
    }

    fn close(self) -> String {
        format!("closed the {}-byte sink", self.max_len)
    }
}

fn main() {
    // ANCHOR: use
    let limited = Limited { max_len: 12 };
    // On the concrete type, every method is there.
    let sent = limited.send_all(["OrderPlaced", "OrderShipped", "OrderCancelled"]);
    println!("sent {sent} of 3");

    // Through the trait object, only the vtable's methods are.
    let sinks: Vec<Box<dyn Sink>> = vec![Box::new(limited), Box::new(Limited { max_len: 5 })];
    for sink in &sinks {
        println!("accepts OrderPlaced: {}", sink.send("OrderPlaced"));
    }
    // A by-value method is callable on a concrete sink, not on `dyn Sink`.
    println!("{}", Limited { max_len: 8 }.close());
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_default_works_on_concrete_sinks() {
        assert_eq!(Limited { max_len: 3 }.send_all(vec!["abc", "abcd"]), 1);
    }

    #[test]
    fn trait_objects_offer_the_vtable_methods() {
        let sink: &dyn Sink = &Limited { max_len: 3 };
        assert!(sink.send("abc"));
        assert!(!sink.send("abcd"));
    }

    #[test]
    fn a_by_value_method_leaves_the_trait_dyn_compatible() {
        // This test compiling is the proof: `Sink` has `close(self)`, and
        // `Box<dyn Sink>` is still a type.
        let boxed: Box<dyn Sink> = Box::new(Limited { max_len: 4 });
        assert!(boxed.send("abcd"));
        assert_eq!(Limited { max_len: 4 }.close(), "closed the 4-byte sink");
    }
}
