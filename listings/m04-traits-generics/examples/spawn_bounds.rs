//! Lesson 04.3: the `Send + 'static` bounds on anything that runs on
//! another thread or task, with the bridge's `Publisher` trait.
//!
//! Run with `cargo run -p m04-traits-generics --example spawn_bounds`.

use futures::executor::block_on;
use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

// ANCHOR: spawn
/// Publishes `batch` on a new thread and returns at once.
///
/// The thread may outlive this call, so whatever it takes must be `Send`
/// (safe to move to another thread) and `'static` (borrowing nothing from
/// the caller's stack). `Publisher: Send + Sync` already gives the first,
/// so `P` needs only `'static` on top.
fn publish_in_background<P>(
    publisher: Arc<P>,
    batch: Vec<OutboxMessage>,
) -> JoinHandle<Vec<Result<(), PublishError>>>
where
    P: Publisher + 'static,
{
    thread::spawn(move || block_on(publisher.publish(&batch)))
}
// ANCHOR_END: spawn

/// Confirms every message: all this listing needs.
#[derive(Debug)]
struct AcceptAll;

impl Publisher for AcceptAll {
    fn name(&self) -> &str {
        "accept-all"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        vec![Ok(()); batch.len()]
    }
}

/// A message as a store would hand it to the relay.
fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-7").expect("literal aggregate id is valid"),
        event_type: "OrderPlaced".to_string(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn main() {
    // ANCHOR: use
    let publisher = Arc::new(AcceptAll);
    let first = publish_in_background(Arc::clone(&publisher), vec![message(1), message(2)]);
    let second = publish_in_background(Arc::clone(&publisher), vec![message(3)]);

    // Joined in a fixed order, so the output is the same on every run.
    for (name, handle) in [("first", first), ("second", second)] {
        match handle.join() {
            Ok(results) => println!("{name} batch via {}: {results:?}", publisher.name()),
            Err(_) => println!("{name} batch: the publishing thread panicked"),
        }
    }
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_publishing_returns_one_result_per_message() {
        let handle = publish_in_background(Arc::new(AcceptAll), vec![message(1), message(2)]);
        let results = handle.join().expect("the thread does not panic");
        assert_eq!(results, [Ok(()), Ok(())]);
    }
}
