//! Lesson 02.6: the three lifetime elision rules, each shown with the
//! signature the compiler actually reads.
//!
//! Run with `cargo run -p m02-ownership --example elision_rules`.

// ANCHOR: rule1
/// Rule 1: every reference parameter without a lifetime gets its own.
fn has_prefix(line: &str, prefix: &str) -> bool {
    line.starts_with(prefix)
}
// What the compiler reads:
// fn has_prefix<'a, 'b>(line: &'a str, prefix: &'b str) -> bool
// ANCHOR_END: rule1

// ANCHOR: rule2
/// Rule 2: exactly one input lifetime, so every output reference gets it.
/// `index` is not a reference and does not count.
fn field(line: &str, index: usize) -> Option<&str> {
    line.split('|').nth(index)
}
// What the compiler reads:
// fn field<'a>(line: &'a str, index: usize) -> Option<&'a str>
// ANCHOR_END: rule2

// ANCHOR: rule3
/// The headers of one received message, owned.
#[derive(Debug)]
struct MessageHeaders {
    raw: String,
}

impl MessageHeaders {
    /// Rule 3: a method with `&self` (or `&mut self`) gives every output
    /// reference the lifetime of `self`, however many other inputs there are.
    fn get(&self, key: &str) -> Option<&str> {
        self.raw
            .split(';')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    }
    // What the compiler reads (the result borrows from `self`, never `key`):
    // fn get<'s, 'k>(&'s self, key: &'k str) -> Option<&'s str>
}
// ANCHOR_END: rule3

fn main() {
    let line = String::from("order-42|OrderPlaced|{}");
    println!("has prefix: {}", has_prefix(&line, "order-"));
    println!("field 1: {:?}", field(&line, 1));

    let headers = MessageHeaders {
        raw: String::from("aggregate-id=order-42;event-type=OrderPlaced"),
    };
    // ANCHOR: rule3_use
    let event_type = {
        let key = String::from("event-type"); // lives only in this block
        headers.get(&key) // borrows from `headers`, not from `key`
    }; // `key` is dropped here; `event_type` is still fine
    println!("event type: {event_type:?}");
    // ANCHOR_END: rule3_use
    println!("aggregate id: {:?}", headers.get("aggregate-id"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function-pointer type with every lifetime written out accepts a
    /// function only if the function is no stricter than that type: it
    /// must work for every choice of the written lifetimes. These lines
    /// would fail if elision had tied a result to the wrong input. They
    /// cannot prove "the same" on their own: a function that promised
    /// *more* (say, a `&'static str` result) would be accepted too.
    #[test]
    fn elided_signatures_are_no_stricter_than_the_expanded_ones() {
        let rule1: for<'a, 'b> fn(&'a str, &'b str) -> bool = has_prefix;
        let rule2: for<'a> fn(&'a str, usize) -> Option<&'a str> = field;
        let rule3: for<'s, 'k> fn(&'s MessageHeaders, &'k str) -> Option<&'s str> =
            MessageHeaders::get;

        let line = "order-42|OrderPlaced|{}";
        assert!(rule1(line, "order"));
        assert_eq!(rule2(line, 1), Some("OrderPlaced"));
        let headers = MessageHeaders {
            raw: String::from("aggregate-id=order-42;event-type=OrderPlaced"),
        };
        assert_eq!(rule3(&headers, "aggregate-id"), Some("order-42"));
        assert_eq!(rule3(&headers, "missing"), None);
    }

    /// Trait matching, unlike coercion, needs two types to be *equal*.
    trait SameType<T> {}
    impl<T> SameType<T> for T {}
    fn assert_same_type<A: SameType<B>, B>() {}

    /// Function-pointer types follow the same elision rules as function
    /// signatures, so for rules 1 and 2 the elided type and the expanded
    /// one must be one type. (Rule 3 needs `self`, which a pointer type
    /// does not have.)
    #[test]
    fn elided_pointer_types_are_the_expanded_ones() {
        assert_same_type::<fn(&str, &str) -> bool, for<'a, 'b> fn(&'a str, &'b str) -> bool>();
        assert_same_type::<
            fn(&str, usize) -> Option<&str>,
            for<'a> fn(&'a str, usize) -> Option<&'a str>,
        >();
    }
}
