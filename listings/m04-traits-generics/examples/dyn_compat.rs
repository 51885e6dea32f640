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
}
