//! Lesson 02.6: returning a borrow, an owned value, a `'static` reference,
//! or a `Cow` that is one or the other.
//!
//! Run with `cargo run -p m02-ownership --example owned_or_borrowed`.

use std::borrow::Cow;

// ANCHOR: owned
/// New text that exists in none of the inputs: the function must own it,
/// so it returns a `String` and the caller becomes the owner.
fn routing_key(aggregate_type: &str, aggregate_id: &str) -> String {
    format!("{aggregate_type}.{aggregate_id}")
}
// ANCHOR_END: owned

// ANCHOR: static_sig
/// Every result is a string literal, stored in the binary, so the result
/// borrows nothing from the caller and may be kept anywhere.
fn state_label(attempts: u32) -> &'static str {
    match attempts {
        0 => "new",
        1..=4 => "retrying",
        _ => "dead-lettered",
    }
}
// ANCHOR_END: static_sig

// ANCHOR: cow
/// Event types are matched in lower case. Most already are, so borrow the
/// input when it is fine and allocate only when it must change.
fn normalise_event_type(raw: &str) -> Cow<'_, str> {
    if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    }
}
// ANCHOR_END: cow

fn main() {
    // ANCHOR: main
    let key = routing_key("order", "42");
    println!("routing key: {key}");

    let label = state_label(5); // a `&'static str` may outlive everything here
    println!("state after 5 attempts: {label}");

    for raw in ["order_placed", "OrderPlaced"] {
        let event_type = normalise_event_type(raw);
        let kind = match event_type {
            Cow::Borrowed(_) => "borrowed",
            Cow::Owned(_) => "allocated",
        };
        println!("{raw} -> {event_type} ({kind})");
    }
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_key_builds_new_text() {
        assert_eq!(routing_key("payment", "9"), "payment.9");
    }

    #[test]
    fn labels_are_static() {
        let label: &'static str = state_label(0);
        assert_eq!(label, "new");
        assert_eq!(state_label(3), "retrying");
        assert_eq!(state_label(9), "dead-lettered");
    }

    #[test]
    fn cow_allocates_only_when_it_changes_the_text() {
        assert!(matches!(
            normalise_event_type("paid"),
            Cow::Borrowed("paid")
        ));
        let changed = normalise_event_type("Paid");
        assert!(matches!(changed, Cow::Owned(_)));
        assert_eq!(changed, "paid");
    }
}
