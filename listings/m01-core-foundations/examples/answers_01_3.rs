//! Answers to the "Try it" exercises of lesson 01.3.
//!
//! Run with `cargo run -p m01-core-foundations --example answers_01_3`.
//! Exercise 3 is a compile error, in `compile_fail/channel_name_takes_string.rs`.

// ANCHOR: answer1
/// `string_kinds.rs` with `String::new()` instead of `with_capacity(32)`.
mod answer1 {
    /// Builds the topic and reports the capacity after each `push_str`.
    pub(crate) fn capacities() -> (String, usize, usize) {
        let mut topic = String::new(); // no buffer yet: capacity 0
        topic.push_str("orders."); // 7 bytes needed: the first buffer holds 8
        let after_first = topic.capacity();
        topic.push_str("OrderPlaced"); // 18 needed: more than double 8, so exactly 18
        let after_second = topic.capacity();
        (topic, after_first, after_second)
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The safe form of the slice that splits `ü` (the panicking one is the
/// `answer2_slicing_inside_a_char_panics` test below).
mod answer2 {
    pub(crate) fn checked_slice(city: &str) -> Option<&str> {
        city.get(0..2) // None instead of a panic
    }
}
// ANCHOR_END: answer2

/// The parser of `header_parser.rs`, unchanged.
fn split_line(line: &str) -> Option<(&str, &str, &str)> {
    let (aggregate, rest) = line.split_once('|')?;
    let (event_type, payload) = rest.split_once('|')?;
    Some((aggregate, event_type, payload))
}

/// True when `part` lies inside `whole`'s bytes, as in `header_parser.rs`.
fn borrows_from(whole: &str, part: &str) -> bool {
    whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
}

// ANCHOR: answer4
/// A line with one separator has no payload field: `split_line` returns
/// `None`, and the driver's `let … else` skips the line.
mod answer4 {
    pub(crate) const EXTRA_LINE: &str = "order-5|OrderPlaced";

    pub(crate) fn outcome(line: &str) -> String {
        match super::split_line(line) {
            Some((aggregate, event_type, _)) => format!("parsed {aggregate} {event_type}"),
            None => format!("skip, no fields: {line:?}"),
        }
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// The middle field only. `split` is lazy: nothing is collected or copied,
/// and `nth(1)` walks past the first field and hands back the second.
fn event_type(line: &str) -> Option<&str> {
    line.split('|').nth(1)
}
// ANCHOR_END: answer5

fn main() {
    println!("answer 1:");
    let (topic, after_first, after_second) = answer1::capacities();
    println!(
        "  {topic:?}: capacity {after_first} after the first push_str, {after_second} after the second"
    );
    println!("answer 2:");
    println!("  city.get(0..2) = {:?}", answer2::checked_slice("Zürich"));
    println!("answer 4:");
    println!("  {}", answer4::outcome(answer4::EXTRA_LINE));
    println!("answer 5:");
    for line in [
        r#"order-42|OrderPlaced|{"total":1999}"#,
        "order-5|OrderPlaced",
        "garbage",
    ] {
        let field = event_type(line);
        let borrowed = field.is_some_and(|field| borrows_from(line, field));
        println!("  event_type({line:?}) = {field:?}, borrowed from the line: {borrowed}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_capacity_only_ever_covers_the_length() {
        let (topic, after_first, after_second) = answer1::capacities();
        assert_eq!(topic, "orders.OrderPlaced");
        assert!(after_first >= "orders.".len());
        assert!(after_second >= topic.len());
    }

    // ANCHOR: answer2_test
    #[test]
    #[should_panic(
        expected = "end byte index 2 is not a char boundary; it is inside 'ü' (bytes 1..3)"
    )]
    fn answer2_slicing_inside_a_char_panics() {
        let city = "Zürich";
        println!("{}", &city[0..2]); // the line added to `main`
    }
    // ANCHOR_END: answer2_test

    #[test]
    fn answer2_get_returns_none_instead() {
        assert_eq!(answer2::checked_slice("Zürich"), None);
    }

    // ANCHOR: answer4_test
    #[test]
    fn answer4_a_line_without_a_payload_is_skipped() {
        assert_eq!(split_line("order-5|OrderPlaced"), None);
        assert_eq!(
            answer4::outcome(answer4::EXTRA_LINE),
            r#"skip, no fields: "order-5|OrderPlaced""#
        );
    }
    // ANCHOR_END: answer4_test

    // ANCHOR: answer5_test
    #[test]
    fn answer5_event_type_is_a_view_into_the_line() {
        let line = String::from(r#"order-42|OrderPlaced|{"total":1999}"#);
        let field = event_type(&line).expect("a second field");
        assert_eq!(field, "OrderPlaced");
        assert!(borrows_from(&line, field));
        // Unlike `split_line`, it does not need a third field.
        assert_eq!(event_type("order-5|OrderPlaced"), Some("OrderPlaced"));
        assert_eq!(event_type("garbage"), None);
    }
    // ANCHOR_END: answer5_test
}
