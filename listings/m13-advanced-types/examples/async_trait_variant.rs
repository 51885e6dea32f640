//! `trait_variant::make`: write the trait once with `async fn`, get a
//! `Send` twin for multi-threaded callers.
//!
//! Run with `cargo run -p m13-advanced-types --example async_trait_variant`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: make
/// `LocalPublisher` is this trait as written. The attribute also generates
/// `Publisher`, the same trait with every future `+ Send`, and a blanket
/// impl: every `Publisher` is a `LocalPublisher`.
#[trait_variant::make(Publisher: Send)]
trait LocalPublisher {
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>>;
}
// ANCHOR_END: make

// ANCHOR: impl
/// A thread-safe publisher implements the `Send` variant, with a plain `async fn`.
struct Counting {
    published: AtomicUsize,
}

impl Publisher for Counting {
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        tokio::task::yield_now().await;
        self.published.fetch_add(batch.len(), Ordering::Relaxed);
        batch.iter().map(|_| Ok(())).collect()
    }
}
// ANCHOR_END: impl

// ANCHOR: callers
/// Needs to spawn: asks for the `Send` variant.
async fn publish_in_background<P: Publisher + Sync + 'static>(
    publisher: Arc<P>,
    batch: Vec<OutboxMessage>,
) -> usize {
    let task = tokio::spawn(async move { publisher.publish(&batch).await });
    task.await.map(|results| results.len()).unwrap_or(0)
}

/// Awaits in place: asks only for the local trait, so it takes both kinds.
async fn publish_here<P: LocalPublisher>(publisher: &P, batch: &[OutboxMessage]) -> usize {
    publisher.publish(batch).await.len()
}
// ANCHOR_END: callers

fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-1").expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let publisher = Arc::new(Counting {
        published: AtomicUsize::new(0),
    });
    let spawned = publish_in_background(Arc::clone(&publisher), vec![message(1), message(2)]).await;
    let here = publish_here(publisher.as_ref(), &[message(3)]).await;
    let total = publisher.published.load(Ordering::Relaxed);
    println!("spawned {spawned}, here {here}, total {total}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_impl_serves_both_kinds_of_caller() {
        let publisher = Arc::new(Counting {
            published: AtomicUsize::new(0),
        });
        assert_eq!(
            publish_in_background(Arc::clone(&publisher), vec![message(1)]).await,
            1
        );
        assert_eq!(publish_here(publisher.as_ref(), &[message(2)]).await, 1);
        assert_eq!(publisher.published.load(Ordering::Relaxed), 2);
    }
}
