//! Lesson 04.1: implementing the bridge's `Publisher` trait with an
//! in-memory publisher, the kind every relay test uses.
//!
//! Run with `cargo run -p m04-traits-generics --example memory_publisher`.

use futures::executor::block_on;
use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis};
use std::sync::{Mutex, PoisonError};

// ANCHOR: publisher
/// Keeps every message it accepts, in order. Like a strict broker, it
/// rejects a message with an empty payload.
#[derive(Debug, Default)]
struct MemoryPublisher {
    /// `publish` takes `&self`, so recording needs interior mutability;
    /// a `Mutex` also keeps the type `Sync`, as `Publisher` demands.
    accepted: Mutex<Vec<MessageId>>,
}

impl Publisher for MemoryPublisher {
    fn name(&self) -> &str {
        "memory"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        // A panic elsewhere cannot leave this Vec half-written, so a
        // poisoned lock is safe to use.
        let mut accepted = self.accepted.lock().unwrap_or_else(PoisonError::into_inner);
        batch
            .iter()
            .map(|message| {
                if message.payload.is_empty() {
                    return Err(PublishError::Rejected("empty payload".to_string()));
                }
                accepted.push(message.id);
                Ok(())
            })
            .collect()
    }
}
// ANCHOR_END: publisher

impl MemoryPublisher {
    /// What was accepted so far (a copy, so the lock is not held).
    fn accepted(&self) -> Vec<MessageId> {
        self.accepted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A message as a store would hand it to the relay.
fn message(id: i64, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
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
    // ANCHOR: run
    let publisher = MemoryPublisher::default();
    let batch = [
        message(1, "{}"),
        message(2, ""),
        message(3, r#"{"total":12}"#),
    ];

    // `publish` returns a future; `block_on` runs it to completion on this
    // thread. Module 07 replaces it with the tokio runtime.
    let results = block_on(publisher.publish(&batch));

    for (message, result) in batch.iter().zip(&results) {
        println!("{} via {}: {result:?}", message.id, publisher.name());
    }
    println!("accepted: {:?}", publisher.accepted());
    // ANCHOR_END: run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_result_per_message_in_batch_order() {
        let publisher = MemoryPublisher::default();
        let batch = [message(1, "{}"), message(2, "")];
        let results = block_on(publisher.publish(&batch));
        assert_eq!(
            results,
            [Ok(()), Err(PublishError::Rejected("empty payload".into()))]
        );
        assert_eq!(publisher.accepted(), [MessageId(1)]);
    }

    #[test]
    fn accepted_messages_accumulate_across_batches() {
        let publisher = MemoryPublisher::default();
        block_on(publisher.publish(&[message(1, "a")]));
        block_on(publisher.publish(&[message(2, "b")]));
        assert_eq!(publisher.accepted(), [MessageId(1), MessageId(2)]);
    }
}
