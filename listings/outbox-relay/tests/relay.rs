//! The relay loop against a real SQLite outbox and scripted publishers.

use outbox_core::{
    AggregateId, Backoff, MessageId, NewMessage, OutboxMessage, OutboxStore, PublishError,
    Publisher, RetryPolicy, StoreError, UnixMillis, Updates,
};
use outbox_relay::{Relay, RelayConfig, RelayError};
use outbox_store::Store;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Records every message it publishes; fails the ones a script says.
///
/// A transient failure behaves like a channel the broker closed: the rest
/// of that call fails too, as it would on a real broker. A poison message is
/// refused before it is sent (as NATS refuses one over `max_payload`), and
/// so are the later messages of its aggregate in that call.
#[derive(Default)]
struct Scripted {
    /// (message id, attempt) pairs where the connection drops.
    transient: HashSet<(i64, u32)>,
    /// Ids rejected outright (poison).
    poison: HashSet<i64>,
    /// Calls still to fail whole because the broker is down (an outage).
    outage_calls: std::sync::atomic::AtomicU32,
    /// Every successful publish, in order.
    delivered: Mutex<Vec<(String, i64)>>,
}

impl Publisher for Scripted {
    fn name(&self) -> &str {
        "scripted"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        use std::sync::atomic::Ordering::SeqCst;
        let down = self
            .outage_calls
            .fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if down {
            let refused = PublishError::Unavailable("connection refused".into());
            return batch.iter().map(|_| Err(refused.clone())).collect();
        }
        let mut delivered = self.delivered.lock().expect("lock");
        let mut connection_lost = false;
        let mut refused = HashSet::new();
        batch
            .iter()
            .map(|m| {
                connection_lost |= self.transient.contains(&(m.id.0, m.attempts));
                if connection_lost {
                    Err(PublishError::Transient("channel closed".into()))
                } else if refused.contains(&m.aggregate_id) {
                    Err(PublishError::Transient("not sent".into()))
                } else if self.poison.contains(&m.id.0) {
                    refused.insert(m.aggregate_id.clone());
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
    drain_until(store, publisher, config(), |s| s.pending + s.in_flight == 0).await
}

/// Runs the relay until the outbox's status satisfies `done` (or a deadline).
async fn drain_until<P: Publisher + 'static>(
    store: &Arc<Store>,
    publisher: &Arc<P>,
    config: RelayConfig,
    done: impl Fn(&outbox_store::Status) -> bool + Send + 'static,
) -> outbox_relay::RelayReport {
    let relay = Relay::new(Arc::clone(store), Arc::clone(publisher), config);
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let watcher_store = Arc::clone(store);
    let watcher = tokio::spawn(async move {
        for _ in 0..2000 {
            let status = watcher_store.status().await.expect("status");
            if done(&status) {
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
async fn a_poison_message_dead_letters_and_holds_its_aggregate_until_redriven() {
    // 30 messages over 3 aggregates: ids[4] is order-1's second message,
    // and order-1 has 8 more after it.
    let (_dir, store, ids) = store_with(30, 3).await;
    let poison = ids[4].0;
    let publisher = Arc::new(Scripted {
        poison: HashSet::from([poison]),
        ..Scripted::default()
    });
    let report = drain_until(&store, &publisher, config(), |s| {
        s.dead == 1 && s.sent == 21
    })
    .await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(delivered.len(), 21);
    assert!(
        delivered
            .iter()
            .all(|(a, id)| a != "order-1" || *id < poison),
        "nothing of order-1 overtook its dead letter: {delivered:?}"
    );
    assert_eq!(report.dead_lettered, 1);
    let dead = store.dead_letters(10).await.expect("dead letters");
    assert_eq!(dead.iter().map(|d| d.id.0).collect::<Vec<_>>(), [poison]);
    assert_eq!(dead[0].reason, "not valid JSON");

    // The operator fixes the cause and re-drives: the aggregate resumes in order.
    let publisher = Arc::new(Scripted::default());
    let redriven = store
        .redrive(&outbox_store::Redrive::All)
        .await
        .expect("redrive");
    assert_eq!(redriven, 1);
    drain(&store, &publisher).await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(
        delivered.len(),
        9,
        "the re-driven message and the 8 behind it"
    );
    assert_eq!(delivered[0].1, poison, "the re-driven message goes first");
    assert_in_order_per_aggregate(&delivered);
}

#[tokio::test]
async fn with_dead_letters_skipped_the_rest_of_the_aggregate_flows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let store = match Store::open(&url, "relay-test").await.expect("open") {
        Store::Sqlite(s) => Arc::new(Store::Sqlite(s.dead_letters_block(false))),
        Store::Postgres(_) => unreachable!("a SQLite URL"),
    };
    let mut ids = Vec::new();
    for i in 0..30 {
        let message = NewMessage::new(
            AggregateId::new(format!("order-{}", i % 3)).expect("valid"),
            "OrderPlaced",
            format!("{{\"n\":{i}}}"),
        )
        .expect("valid");
        ids.push(store.enqueue_one(&message).await.expect("enqueue"));
    }
    let poison = ids[4].0;
    let publisher = Arc::new(Scripted {
        poison: HashSet::from([poison]),
        ..Scripted::default()
    });
    let started = tokio::time::Instant::now();
    let report = drain(&store, &publisher).await;
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(delivered.len(), 29);
    assert_eq!(report.dead_lettered, 1);
    // The dead letter's lease ended with it: nothing waited for a lease to run out.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// An outage of 40 publish calls, with 3 attempts allowed: nothing is dead-
/// lettered, no attempt is counted, every message is delivered in order,
/// and the relay waited (the breaker) rather than spinning.
#[tokio::test]
async fn a_broker_outage_costs_no_attempts() {
    let (_dir, store, _) = store_with(60, 4).await;
    let publisher = Arc::new(Scripted {
        outage_calls: 40.into(),
        ..Scripted::default()
    });
    let config = RelayConfig {
        outage_backoff: Backoff {
            base: Duration::from_millis(1),
            factor: 2,
            max: Duration::from_millis(8),
            jitter: 0.0,
        },
        ..config()
    };
    let relay_metrics = Arc::new(outbox_relay::Metrics::default());
    let relay = Relay::new(Arc::clone(&store), Arc::clone(&publisher), config)
        .with_metrics(Arc::clone(&relay_metrics));
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let watched = Arc::clone(&store);
    let watcher = tokio::spawn(async move {
        for _ in 0..2000 {
            let status = watched.status().await.expect("status");
            if status.pending + status.in_flight == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stop.cancel();
    });
    let report = relay.run(shutdown).await.expect("relay runs");
    watcher.await.expect("watcher");
    let delivered = publisher.delivered.lock().expect("lock").clone();
    assert_eq!(
        publisher
            .outage_calls
            .load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the whole outage was met"
    );
    assert_eq!(delivered.len(), 60);
    assert_in_order_per_aggregate(&delivered);
    assert_eq!((report.failed, report.dead_lettered), (0, 0), "{report:?}");
    assert!(
        report.released > 0,
        "the outage handed batches back: {report:?}"
    );
    let metrics = &relay_metrics;
    assert_eq!(metrics.outages.get(), 1, "one outage, however long");
    assert_eq!(metrics.broker_down.get(), 0, "and it is over");
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

/// Claims from a real outbox, but every write of results fails as if the
/// disk had turned read-only.
struct Unrecordable {
    inner: Arc<Store>,
}

impl OutboxStore for Unrecordable {
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        self.inner.claim(limit, lease).await
    }

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        Err(StoreError::Unusable(
            "attempt to write a readonly database".into(),
        ))
    }
}

#[tokio::test]
async fn a_database_that_refuses_the_results_stops_the_relay_and_loses_nothing() {
    let (_dir, store, ids) = store_with(100, 5).await;
    let publisher = Arc::new(Scripted::default());
    let relay = Relay::new(
        Arc::new(Unrecordable {
            inner: Arc::clone(&store),
        }),
        Arc::clone(&publisher),
        config(),
    );
    let outcome = tokio::time::timeout(Duration::from_secs(5), relay.run(CancellationToken::new()))
        .await
        .expect("the relay stops by itself");
    assert!(
        matches!(outcome, Err(RelayError::Store(StoreError::Unusable(_)))),
        "{outcome:?}"
    );
    // It stopped within two batches of the refusal instead of publishing on
    // without a record of what it did.
    let delivered = publisher.delivered.lock().expect("lock").len();
    assert!(
        delivered <= 2 * config().batch_size,
        "{delivered} published"
    );
    // Nothing was marked, so nothing is lost: every message is still in the
    // outbox, and the leases will return the published ones as duplicates.
    let status = store.status().await.expect("status");
    assert_eq!(status.pending + status.in_flight, ids.len() as u64);
    assert_eq!(status.sent, 0);
}

/// An outbox in memory that hands out one batch and is then busy for ever
/// whenever results are written: no I/O, so a paused clock stays exact.
struct BusyAfterClaim {
    batch: Mutex<Option<Vec<OutboxMessage>>>,
}

impl OutboxStore for BusyAfterClaim {
    async fn claim(
        &self,
        _limit: usize,
        _lease: Duration,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        Ok(self.batch.lock().expect("lock").take().unwrap_or_default())
    }

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        Err(StoreError::Busy("database is locked".into()))
    }
}

#[tokio::test(start_paused = true)]
async fn the_shutdown_deadline_is_one_clock_for_publishing_and_recording() {
    let batch = (1..=10)
        .map(|id| OutboxMessage {
            event_id: outbox_core::EventId::new(),
            id: MessageId(id),
            aggregate_id: AggregateId::new(format!("order-{}", id % 3)).expect("valid"),
            event_type: "OrderPlaced".into(),
            payload: b"{}".to_vec(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        })
        .collect();
    let store = Arc::new(BusyAfterClaim {
        batch: Mutex::new(Some(batch)),
    });
    let deadline = Duration::from_secs(1);
    let relay = Relay::new(
        store,
        Arc::new(Hanging),
        RelayConfig {
            shutdown_deadline: deadline,
            ..config()
        },
    );
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let signal_at = Duration::from_millis(100);
    tokio::spawn(async move {
        tokio::time::sleep(signal_at).await;
        stop.cancel();
    });
    let started = tokio::time::Instant::now();
    let report = relay
        .run(shutdown)
        .await
        .expect("a busy database is not fatal");
    let elapsed = started.elapsed();
    // The broker hangs for the whole deadline, and the database is busy
    // after it: recording gets no second deadline of its own.
    assert!(elapsed >= signal_at + deadline, "stopped after {elapsed:?}");
    assert!(
        elapsed < signal_at + deadline + Duration::from_millis(100),
        "stopped after {elapsed:?}"
    );
    assert_eq!((report.published, report.released), (0, 10));
}
