//! The bridge's fix for the `Send` problem: the trait promises a `Send`
//! future (`-> impl Future + Send`), so generic callers may spawn it.
//!
//! Run with `cargo run -p m13-advanced-types --example async_trait_send`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis};
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

// ANCHOR: trait
/// The shape of the bridge's `Publisher`: every implementor's future is `Send`.
trait Publisher: Send + Sync {
    fn name(&self) -> &str;

    fn publish(
        &self,
        batch: &[OutboxMessage],
    ) -> impl Future<Output = Vec<Result<(), PublishError>>> + Send;
}
// ANCHOR_END: trait

// ANCHOR: impl
/// Implementors still write `async fn`; the compiler checks its future is `Send`.
struct Memory {
    sent: Mutex<Vec<MessageId>>,
}

impl Publisher for Memory {
    fn name(&self) -> &str {
        "memory"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        tokio::task::yield_now().await;
        // The guard lives only inside this block, never across an `.await`.
        {
            let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
            sent.extend(batch.iter().map(|m| m.id));
        }
        batch.iter().map(|_| Ok(())).collect()
    }
}
// ANCHOR_END: impl

// ANCHOR: spawn
/// A generic caller that spawns: compiles because the trait says `+ Send`.
fn spawn_publish<P: Publisher + 'static>(
    publisher: Arc<P>,
    batch: Vec<OutboxMessage>,
) -> JoinHandle<usize> {
    tokio::spawn(async move {
        let results = publisher.publish(&batch).await;
        results.iter().filter(|r| r.is_ok()).count()
    })
}
// ANCHOR_END: spawn

fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(format!("order-{id}")).expect("a valid aggregate id"),
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
    let publisher = Arc::new(Memory {
        sent: Mutex::new(Vec::new()),
    });
    let tasks: Vec<JoinHandle<usize>> = [vec![message(1), message(2)], vec![message(3)]]
        .into_iter()
        .map(|batch| spawn_publish(Arc::clone(&publisher), batch))
        .collect();
    let mut confirmed = 0;
    for task in tasks {
        confirmed += task.await.unwrap_or(0);
    }
    let mut sent = publisher
        .sent
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    sent.sort(); // the two tasks may finish in either order
    println!("{} confirmed {confirmed}: {sent:?}", publisher.name());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spawned_publishes_all_land() {
        let publisher = Arc::new(Memory {
            sent: Mutex::new(Vec::new()),
        });
        let confirmed = spawn_publish(Arc::clone(&publisher), vec![message(1), message(2)])
            .await
            .expect("the task finished");
        assert_eq!(confirmed, 2);
        assert_eq!(publisher.sent.lock().expect("not poisoned").len(), 2);
    }
}
