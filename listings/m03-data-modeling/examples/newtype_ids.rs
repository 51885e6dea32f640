//! Lesson 03.1: newtypes for ids, using the bridge's own `MessageId` and
//! `AggregateId` from `outbox-core`.

use outbox_core::{AggregateId, InvalidMessage, MessageId};
use std::collections::BTreeSet;

// ANCHOR: order_number
/// The shop's order number. Also an `i64` underneath, and a different type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct OrderNumber(i64);

/// The relay's record of what the broker confirmed.
#[derive(Debug, Default)]
struct SentLog {
    confirmed: BTreeSet<MessageId>,
}

impl SentLog {
    /// Takes a `MessageId` and nothing else: an `OrderNumber` or a bare
    /// `i64` does not compile here.
    fn confirm(&mut self, id: MessageId) -> bool {
        self.confirmed.insert(id)
    }
}
// ANCHOR_END: order_number

// ANCHOR: validated
/// Turns raw text from a producer into an `AggregateId`, or says why not.
fn describe(raw: &str) -> String {
    match AggregateId::new(raw) {
        Ok(id) => format!("ok: {id} ({} bytes)", id.as_str().len()),
        Err(InvalidMessage::EmptyAggregateId) => "rejected: empty".to_string(),
        Err(other) => format!("rejected: {other}"),
    }
}
// ANCHOR_END: validated

fn main() {
    // ANCHOR: main
    let order = OrderNumber(42);
    let message = MessageId(42);
    // Same number inside, different meaning: the types keep them apart.
    println!("{order:?} and {message:?}; the broker sees {message}");

    let mut log = SentLog::default();
    assert!(log.confirm(message));
    assert!(!log.confirm(MessageId(42)), "already confirmed");
    // log.confirm(order);      // error[E0308]: mismatched types
    // log.confirm(42);         // error[E0308]: mismatched types
    println!("confirmed: {:?}", log.confirmed);

    println!("{:?} -> {}", "order-42", describe("order-42"));
    println!("{:?} -> {}", "   ", describe("   "));
    println!("201 x's -> {}", describe(&"x".repeat(201)));
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_validated_once() {
        assert!(AggregateId::new("order-1").is_ok());
        assert_eq!(AggregateId::new(""), Err(InvalidMessage::EmptyAggregateId));
        assert_eq!(describe("order-7"), "ok: order-7 (7 bytes)");
        assert_eq!(
            describe(&"y".repeat(300)),
            "rejected: the aggregate id is 300 bytes long; the limit is 200"
        );
    }

    #[test]
    fn a_newtype_costs_nothing() {
        assert_eq!(size_of::<MessageId>(), size_of::<i64>());
        assert_eq!(size_of::<AggregateId>(), size_of::<String>());
        assert_eq!(size_of::<OrderNumber>(), 8);
    }

    #[test]
    fn confirming_twice_is_detected() {
        let mut log = SentLog::default();
        assert!(log.confirm(MessageId(1)));
        assert!(!log.confirm(MessageId(1)));
    }
}
