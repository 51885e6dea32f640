//! Lesson 04.1: who may implement which trait for which type (the orphan
//! rule), and the newtype that gets you around it.
//!
//! Run with `cargo run -p m04-traits-generics --example orphan_newtype`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};
use std::fmt;

// ANCHOR: local_trait
/// Our own trait, so we may implement it for any type at all, even a
/// slice of messages from another crate.
trait Summary {
    fn summary(&self) -> String;
}

impl Summary for [OutboxMessage] {
    fn summary(&self) -> String {
        let bytes: usize = self.iter().map(|m| m.payload.len()).sum();
        format!("{} messages, {bytes} payload bytes", self.len())
    }
}
// ANCHOR_END: local_trait

// ANCHOR: newtype
/// A claimed batch. Wrapping the `Vec` makes a type of our own, and for our
/// own type we may implement std's `Display`.
struct Batch(Vec<OutboxMessage>);

impl fmt::Display for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<String> = self.0.iter().map(|m| m.id.to_string()).collect();
        write!(f, "batch [{}]", ids.join(", "))
    }
}

impl Batch {
    /// The wrapped messages, for code that wants the plain slice.
    fn messages(&self) -> &[OutboxMessage] {
        &self.0
    }
}
// ANCHOR_END: newtype

/// A message as a store would hand it to the relay.
fn message(id: i64, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        // A literal id that we know is valid: `expect` documents that.
        aggregate_id: AggregateId::new("order-7").expect("literal aggregate id is valid"),
        event_type: "OrderPlaced".to_string(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn main() {
    // ANCHOR: use
    let batch = Batch(vec![message(41, "{}"), message(42, r#"{"total":12}"#)]);
    println!("{batch}");
    println!("{}", batch.messages().summary());
    println!(
        "wrapper costs nothing: {} == {} bytes",
        size_of::<Batch>(),
        size_of::<Vec<OutboxMessage>>()
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newtype_displays_its_ids() {
        let batch = Batch(vec![message(1, "{}"), message(2, "{}")]);
        assert_eq!(batch.to_string(), "batch [outbox-1, outbox-2]");
    }

    #[test]
    fn a_local_trait_works_on_a_foreign_type() {
        let batch = [message(1, "{}"), message(2, "abc")];
        assert_eq!(batch.summary(), "2 messages, 5 payload bytes");
    }
}
