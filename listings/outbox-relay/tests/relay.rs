//! The relay loop against a real SQLite outbox and scripted publishers.

use outbox_core::{
    AggregateId, Backoff, MessageId, NewMessage, OutboxMessage, PublishError, Publisher,
    RetryPolicy,
};
use outbox_relay::{Relay, RelayConfig};
use outbox_store::Store;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Records every message it publishes; fails the ones a script says.
///
/// A transient failure behaves like a dropped connection: the rest of that
/// call fails too, as it would on a real broker. A poison message fails
/// alone.
#[derive(Default)]
struct Scripted {
    /// (message id, attempt) pairs where the connection drops.
    transient: HashSet<(i64, u32)>,
    /// Ids rejected outright (poison).
    poison: HashSet<i64>,
    /// Every successful publish, in order.
    delivered: Mutex<Vec<(String, i64)>>,
}

impl Publisher for Scripted {
    fn name(&self) -> &str {
        "scripted"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let mut delivered = self.delivered.lock().expect("lock");
        let mut connection_lost = false;
        batch
            .iter()
            .map(|m| {
                connection_lost |= self.transient.contains(&(m.id.0, m.attempts));
                if connection_lost {
                    Err(PublishError::Transient("connection reset".into()))
                } else if self.poison.contains(&m.id.0) {
                    Err(PublishError::Rejected("not valid JSON".into()))
                } else {
                    delivered.push((m.aggregate_id.to_string(), m.id.0));
                    Ok(())
                }
            })
            .collect()
    }
}

// ANCHOR: hanging
/// Never answers: a broker that hangs.
struct Hanging;

impl Publisher for Hanging {
    fn name(&self) -> &str {
        "hanging"
    }

    async fn publish(&self, _batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        std::future::pending().await
    }
}
// ANCHOR_END: hanging

fn config() -> RelayConfig {
    RelayConfig {
        batch_size: 16,
        lanes: 3,
        poll_interval: Duration::from_millis(5),
        retry: RetryPolicy {
            backoff: Backoff {
                base: Duration::ZERO,
                factor: 2,
                max: Duration::ZERO,
                jitter: 0.0,
            },
            max_attempts: 3,
        },
        shutdown_deadline: Duration::from_millis(200),
        ..RelayConfig::default()
    }
}

async fn store_with(
    messages: usize,
    aggregates: usize,
) -> (tempfile::TempDir, Arc<Store>, Vec<MessageId>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let store = Store::open(&url, "relay-test").await.expect("open");
    let mut ids = Vec::new();
    for i in 0..messages {
        let message = NewMessage::new(
            AggregateId::new(format!("order-{}", i % aggregates)).expect("valid"),
            "OrderPlaced",
            format!("{{\"n\":{i}}}"),
        )
        .expect("valid");
        ids.push(store.enqueue_one(&message).await.expect("enqueue"));
    }
    (dir, Arc::new(store), ids)
}

/// Runs the relay until the outbox has nothing left to send (or a deadline).
async fn drain<P: Publisher + 'static>(
    store: &Arc<Store>,
    publisher: &Arc<P>,
) -> outbox_relay::RelayReport {
    let relay = Relay::new(Arc::clone(store), Arc::clone(publisher), config());
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let watcher_store = Arc::clone(store);
    let watcher = tokio::spawn(async move {
        for _ in 0..2000 {
            let status = watcher_store.status().await.expect("status");
            if status.pending + status.in_flight == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stop.cancel();
    });
    let report = relay.run(shutdown).await.expect("relay runs");
    watcher.await.expect("watcher");
    report
}

fn assert_in_order_per_aggregate(delivered: &[(String, i64)]) {
    let mut last: HashMap<&str, i64> = HashMap::new();
    for (aggregate, id) in delivered {
        if let Some(previous) = last.insert(aggregate, *id) {
            assert!(
                previous < *id,
                "{aggregate}: {id} delivered after {previous}"
            );
        }
    }
}

#[tokio::test]
async fn relays_everything_once_in_order_per_aggregate() {
    let (_dir, store, ids) = store_with(200, 7).await;
    let publisher = Arc::new(Scripted::default());
    let report = drain(&store, &publisher).await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    let unique: HashSet<i64> = delivered.iter().map(|(_, id)| *id).collect();
    assert_eq!(unique.len(), ids.len(), "every message delivered");
    assert_eq!(delivered.len(), ids.len(), "none twice in the normal path");
    assert_in_order_per_aggregate(&delivered);
    assert_eq!(report.published, 200);
    assert_eq!(store.status().await.expect("status").sent, 200);
}

#[tokio::test]
async fn transient_failures_are_retried_without_breaking_order() {
    let (_dir, store, ids) = store_with(60, 4).await;
    // Every fifth message fails on its first attempt (and one fails twice).
    let mut transient: HashSet<(i64, u32)> = ids.iter().step_by(5).map(|id| (id.0, 0)).collect();
    transient.insert((ids[10].0, 1));
    let publisher = Arc::new(Scripted {
        transient,
        ..Scripted::default()
    });
    let report = drain(&store, &publisher).await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(delivered.len(), 60, "all delivered exactly once");
    assert_in_order_per_aggregate(&delivered);
    assert!(report.failed >= 13, "{report:?}");
    assert_eq!(report.dead_lettered, 0);
}

#[tokio::test]
async fn a_poison_message_dead_letters_and_the_rest_flow() {
    let (_dir, store, ids) = store_with(30, 3).await;
    let poison = ids[4].0;
    let publisher = Arc::new(Scripted {
        poison: HashSet::from([poison]),
        ..Scripted::default()
    });
    let report = drain(&store, &publisher).await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(delivered.len(), 29);
    assert!(delivered.iter().all(|(_, id)| *id != poison));
    assert_eq!(report.dead_lettered, 1);
    let dead = store.dead_letters(10).await.expect("dead letters");
    assert_eq!(dead.iter().map(|d| d.id.0).collect::<Vec<_>>(), [poison]);
    assert_eq!(dead[0].reason, "not valid JSON");
}

#[tokio::test]
async fn shutdown_releases_a_stuck_batch_within_the_deadline() {
    let (_dir, store, _) = store_with(10, 2).await;
    let relay = Relay::new(Arc::clone(&store), Arc::new(Hanging), config());
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let started = tokio::time::Instant::now();
    let stopper = tokio::spawn(async move {
        // Let the relay claim a batch and get stuck publishing it.
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop.cancel();
    });
    let report = tokio::time::timeout(Duration::from_secs(5), relay.run(shutdown))
        .await
        .expect("the relay stops within the deadline")
        .expect("relay runs");
    stopper.await.expect("stopper");
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(2),
        "stopped after {elapsed:?}"
    );
    assert_eq!(report.published, 0);
    assert_eq!(
        report.released, 10,
        "the stuck batch is handed back, not lost"
    );
    let status = store.status().await.expect("status");
    assert_eq!((status.pending, status.in_flight), (10, 0));
}
