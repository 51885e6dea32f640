//! Answers to the exercises of lesson 13.5 (associated types vs generics).
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_5`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

// ANCHOR: answer1
mod answer1 {
    use outbox_core::MessageId;

    /// The ids `next..end`, as the bridge's `MessageId`s.
    pub(crate) struct IdRange {
        pub(crate) next: i64,
        pub(crate) end: i64,
    }

    impl Iterator for IdRange {
        type Item = MessageId;

        fn next(&mut self) -> Option<MessageId> {
            if self.next >= self.end {
                return None;
            }
            self.next += 1;
            Some(MessageId(self.next - 1))
        }
    }

    /// `labels` from `assoc_bounds.rs`, unchanged.
    pub(crate) fn labels<I>(items: I) -> Vec<String>
    where
        I: IntoIterator,
        I::Item: std::fmt::Display,
    {
        items.into_iter().map(|item| item.to_string()).collect()
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use outbox_core::OutboxMessage;

    pub(crate) trait BrokerLimits {
        const NAME: &'static str;
        const MAX_MESSAGE_BYTES: usize;
        const MAX_BATCH: usize = 1000;
    }

    pub(crate) struct Nats;

    impl BrokerLimits for Nats {
        const NAME: &'static str = "nats";
        const MAX_MESSAGE_BYTES: usize = 1024 * 1024;
        const MAX_BATCH: usize = 5000;
    }

    /// No value of `B` is needed: the constants belong to the type.
    pub(crate) fn fits<B: BrokerLimits>(message: &OutboxMessage) -> bool {
        message.payload.len() <= B::MAX_MESSAGE_BYTES
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use outbox_core::OutboxMessage;
    use std::borrow::Borrow;

    /// Owned messages or borrowed ones: both `OutboxMessage` and
    /// `&OutboxMessage` implement `Borrow<OutboxMessage>`.
    pub(crate) fn total_payload<I>(messages: I) -> usize
    where
        I: IntoIterator,
        I::Item: Borrow<OutboxMessage>,
    {
        messages.into_iter().map(|m| m.borrow().payload.len()).sum()
    }
}
// ANCHOR_END: answer3

fn message(id: i64, payload: &[u8]) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-1").expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: payload.to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn main() {
    let ids = answer1::IdRange { next: 5, end: 8 };
    println!("answer 1: {:?}", answer1::labels(ids));

    use answer2::BrokerLimits;
    let big = message(1, &vec![b'x'; 2 * 1024 * 1024]);
    println!(
        "answer 2: fits {}: {} (batches of up to {})",
        answer2::Nats::NAME,
        answer2::fits::<answer2::Nats>(&big),
        answer2::Nats::MAX_BATCH
    );

    let batch = vec![message(2, b"{}"), message(3, b"[1,2]")];
    let borrowed = answer3::total_payload(&batch);
    let owned = answer3::total_payload(batch);
    println!("answer 3: {borrowed} bytes borrowed, {owned} bytes owned");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_yields_message_ids_that_labels_accepts() {
        let labels = answer1::labels(answer1::IdRange { next: 1, end: 3 });
        assert_eq!(labels, ["outbox-1", "outbox-2"]);
        assert_eq!(answer1::IdRange { next: 3, end: 3 }.count(), 0);
    }

    #[test]
    fn fits_reads_the_broker_limit_from_the_type() {
        assert!(answer2::fits::<answer2::Nats>(&message(1, b"{}")));
        assert!(!answer2::fits::<answer2::Nats>(&message(
            1,
            &vec![0; 1024 * 1024 + 1]
        )));
    }

    #[test]
    fn total_payload_takes_owned_and_borrowed_items() {
        let batch = vec![message(1, b"abc"), message(2, b"de")];
        assert_eq!(answer3::total_payload(batch.iter()), 5);
        assert_eq!(answer3::total_payload(&batch[..1]), 3);
        assert_eq!(answer3::total_payload(batch), 5);
    }
}
