//! Answers to the "Try it" exercises of lesson 07.5: the relay of
//! `relay.rs` with exercise 4 done, a maximum number of attempts and a
//! dead-letter state that counts as done. Everything not marked as an
//! answer is `relay.rs` unchanged.
//!
//! Run with `cargo run -p m07-async --example answers_07_5`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, watch};
use tokio::time::{self, Instant};

/// One event the application wrote to its outbox in the same transaction as
/// the change it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxMessage {
    id: u64,
    aggregate_id: String,
    event: String,
}

// ANCHOR: answer4
/// Where a row is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    /// Not published yet; not to be tried again before `not_before`.
    Pending {
        attempts: u32,
        not_before: Instant,
    },
    Sent,
    /// Given up after `attempts` failures: done, but not delivered. The
    /// claim skips it like a sent row, so its aggregate moves on.
    DeadLettered {
        attempts: u32,
    },
}
// ANCHOR_END: answer4

#[derive(Debug)]
struct Row {
    message: OutboxMessage,
    state: RowState,
}

/// A claimed message and how many times it was tried before.
#[derive(Debug, Clone)]
struct Claimed {
    message: OutboxMessage,
    attempts: u32,
}

/// The outbox table, in memory: rows in id order behind tokio's async
/// `Mutex`, plus a watch channel that announces how many rows are pending.
#[derive(Debug, Clone)]
struct MemoryOutbox {
    rows: Arc<Mutex<Vec<Row>>>,
    pending: Arc<watch::Sender<usize>>,
}

impl MemoryOutbox {
    fn new() -> Self {
        MemoryOutbox {
            rows: Arc::default(),
            pending: Arc::new(watch::channel(0).0),
        }
    }

    /// Appends an event, as the application's transaction would.
    async fn append(&self, aggregate_id: &str, event: &str) -> u64 {
        let mut rows = self.rows.lock().await;
        let id = rows.len() as u64 + 1;
        let message = OutboxMessage {
            id,
            aggregate_id: aggregate_id.into(),
            event: event.into(),
        };
        let state = RowState::Pending {
            attempts: 0,
            not_before: Instant::now(),
        };
        rows.push(Row { message, state });
        self.pending.send_modify(|n| *n += 1);
        id
    }

    /// Claims up to `limit` due messages, oldest first. An aggregate whose
    /// oldest pending message is waiting for a retry is skipped entirely, so
    /// nothing overtakes it: that is what keeps per-aggregate order.
    async fn claim_batch(&self, now: Instant, limit: usize) -> Vec<Claimed> {
        let rows = self.rows.lock().await;
        tokio::task::yield_now().await; // the database round trip, lock held
        let mut blocked = HashSet::new();
        let mut batch = Vec::new();
        for row in rows.iter() {
            let RowState::Pending {
                attempts,
                not_before,
            } = row.state
            else {
                continue;
            };
            let aggregate = &row.message.aggregate_id;
            if blocked.contains(aggregate) {
                continue;
            }
            if not_before > now {
                blocked.insert(aggregate.clone()); // its head is not due yet
                continue;
            }
            batch.push(Claimed {
                message: row.message.clone(),
                attempts,
            });
            if batch.len() == limit {
                break;
            }
        }
        batch
    }

    async fn mark_sent(&self, id: u64) {
        let mut rows = self.rows.lock().await;
        let unsent = rows
            .iter_mut()
            .find(|row| row.message.id == id && row.state != RowState::Sent);
        if let Some(row) = unsent {
            row.state = RowState::Sent;
            self.pending.send_modify(|n| *n -= 1);
        }
    }

    // ANCHOR: answer4_store
    /// Gives up on a message. Like `mark_sent`, it takes the row out of the
    /// pending count, so `drained()` can resolve.
    async fn dead_letter(&self, id: u64, attempts: u32) {
        let mut rows = self.rows.lock().await;
        let pending = rows
            .iter_mut()
            .find(|row| row.message.id == id && matches!(row.state, RowState::Pending { .. }));
        if let Some(row) = pending {
            row.state = RowState::DeadLettered { attempts };
            self.pending.send_modify(|n| *n -= 1);
        }
    }
    // ANCHOR_END: answer4_store

    async fn schedule_retry(&self, id: u64, attempts: u32, not_before: Instant) {
        let mut rows = self.rows.lock().await;
        if let Some(row) = rows.iter_mut().find(|row| row.message.id == id) {
            row.state = RowState::Pending {
                attempts,
                not_before,
            };
        }
    }

    /// Resolves once no row is pending. Tests and the demo use it to know
    /// when to stop the relay, instead of sleeping and hoping.
    async fn drained(&self) {
        let mut pending = self.pending.subscribe();
        let _ = pending.wait_for(|&n| n == 0).await;
    }
}

#[derive(Debug, thiserror::Error)]
#[error("broker unavailable, try again later")]
struct TransientError;

/// One publish attempt as the broker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attempt {
    at_ms: u128,
    id: u64,
    aggregate_id: String,
    ok: bool,
}

/// A fake broker. `failures` says how many attempts of a message id fail
/// before one succeeds. It records every attempt. Its lock is a plain
/// `std::sync::Mutex`: it is never held across an `.await`.
#[derive(Debug, Clone)]
struct FlakyBroker {
    started: Instant,
    failures: Arc<HashMap<u64, u32>>,
    attempts: Arc<std::sync::Mutex<Vec<Attempt>>>,
}

impl FlakyBroker {
    fn new(failures: HashMap<u64, u32>) -> Self {
        FlakyBroker {
            started: Instant::now(),
            failures: Arc::new(failures),
            attempts: Arc::default(),
        }
    }

    async fn publish(&self, message: &OutboxMessage) -> Result<(), TransientError> {
        let at_ms = self.started.elapsed().as_millis();
        time::sleep(PUBLISH_LATENCY).await; // the network round trip
        let mut attempts = self.attempts.lock().expect("broker log poisoned");
        let earlier = attempts.iter().filter(|a| a.id == message.id).count() as u32;
        let ok = earlier >= self.failures.get(&message.id).copied().unwrap_or(0);
        let aggregate_id = message.aggregate_id.clone();
        attempts.push(Attempt {
            at_ms,
            id: message.id,
            aggregate_id,
            ok,
        });
        if ok { Ok(()) } else { Err(TransientError) }
    }

    fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().expect("broker log poisoned").clone()
    }
}

const PUBLISH_LATENCY: Duration = Duration::from_millis(10);

#[derive(Debug, Clone, Copy)]
struct RelayConfig {
    batch_size: usize,
    poll_interval: Duration,
    base_backoff: Duration,
    max_backoff: Duration,
    /// Attempts before a message is dead-lettered (answer 4).
    max_attempts: u32,
}

/// What the relay did before it stopped.
#[derive(Debug, Default, PartialEq, Eq)]
struct RelayStats {
    published: u32,
    retries_scheduled: u32,
    dead_lettered: u32,
    polls: u32,
}

/// Wait before the next try after `attempts` failures: base, 2×base,
/// 4×base, ... capped at `max_backoff`.
fn backoff(config: &RelayConfig, attempts: u32) -> Duration {
    let factor = 2_u32.saturating_pow(attempts.saturating_sub(1));
    config
        .base_backoff
        .saturating_mul(factor)
        .min(config.max_backoff)
}

/// Publishes one claimed batch in order. After a failure, the rest of that
/// aggregate's messages in the batch are left for later.
async fn relay_batch(
    store: &MemoryOutbox,
    broker: &FlakyBroker,
    config: &RelayConfig,
    batch: Vec<Claimed>,
    stats: &mut RelayStats,
) {
    let mut failed_aggregates = HashSet::new();
    for Claimed { message, attempts } in batch {
        if failed_aggregates.contains(&message.aggregate_id) {
            continue;
        }
        // ANCHOR: answer4_relay
        match broker.publish(&message).await {
            Ok(()) => {
                store.mark_sent(message.id).await;
                stats.published += 1;
            }
            Err(TransientError) if attempts + 1 >= config.max_attempts => {
                // The last attempt failed: give up, and let the aggregate's
                // next message go ahead.
                store.dead_letter(message.id, attempts + 1).await;
                stats.dead_lettered += 1;
            }
            Err(TransientError) => {
                let attempts = attempts + 1;
                let not_before = Instant::now() + backoff(config, attempts);
                store.schedule_retry(message.id, attempts, not_before).await;
                stats.retries_scheduled += 1;
                failed_aggregates.insert(message.aggregate_id);
            }
        }
        // ANCHOR_END: answer4_relay
    }
}

/// The relay loop: claim, publish, mark; when nothing is due, wait for the
/// next poll or for shutdown, whichever comes first. Shutdown is checked
/// between batches, so a batch in progress is always finished.
async fn run_relay(
    store: MemoryOutbox,
    broker: FlakyBroker,
    config: RelayConfig,
    mut shutdown: watch::Receiver<bool>,
) -> RelayStats {
    let mut stats = RelayStats::default();
    while !*shutdown.borrow() {
        stats.polls += 1;
        let batch = store.claim_batch(Instant::now(), config.batch_size).await;
        if batch.is_empty() {
            // `changed` is cancellation safe, so dropping it on timeout loses nothing.
            match time::timeout(config.poll_interval, shutdown.changed()).await {
                Err(_poll_interval_elapsed) => {}
                Ok(Ok(())) => {}     // the flag changed: the loop condition decides
                Ok(Err(_)) => break, // the sender is gone: nobody can stop us later
            }
            continue;
        }
        relay_batch(&store, &broker, &config, batch, &mut stats).await;
    }
    stats
}

const CONFIG: RelayConfig = RelayConfig {
    batch_size: 3,
    poll_interval: Duration::from_millis(50),
    base_backoff: Duration::from_millis(100),
    max_backoff: Duration::from_secs(2),
    max_attempts: 4,
};

/// Writes the demo's events: three aggregates, six events.
async fn seed(store: &MemoryOutbox) {
    let events = [
        ("order-1", "OrderPlaced"),
        ("order-1", "OrderPaid"),
        ("order-2", "OrderPlaced"),
        ("order-1", "OrderShipped"),
        ("customer-7", "CustomerRegistered"),
        ("order-2", "OrderCancelled"),
    ];
    for (aggregate, event) in events {
        store.append(aggregate, event).await;
    }
}

fn main() -> std::io::Result<()> {
    // A paused clock makes the demo instant and its timings exact; with real
    // time the same code runs under #[tokio::main].
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let store = MemoryOutbox::new();
        seed(&store).await;
        // Message 2 never gets through; message 3 fails once.
        let broker = FlakyBroker::new(HashMap::from([(2, u32::MAX), (3, 1)]));

        let (stop_tx, stop_rx) = watch::channel(false);
        let relay = tokio::spawn(run_relay(store.clone(), broker.clone(), CONFIG, stop_rx));

        store.drained().await;
        let _ = stop_tx.send(true);
        let stats = relay.await.expect("the relay task does not panic");

        for a in broker.attempts() {
            let outcome = if a.ok { "ok" } else { "failed" };
            println!(
                "t={:>4} ms  #{} {:<10} {outcome}",
                a.at_ms, a.id, a.aggregate_id
            );
        }
        println!("{stats:?}");
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the relay over `events` until the outbox is drained, then stops it.
    async fn relay_until_drained(
        events: &[(&str, &str)],
        failures: HashMap<u64, u32>,
    ) -> (MemoryOutbox, FlakyBroker, RelayStats) {
        let store = MemoryOutbox::new();
        for (aggregate, event) in events {
            store.append(aggregate, event).await;
        }
        let broker = FlakyBroker::new(failures);
        let (stop_tx, stop_rx) = watch::channel(false);
        let relay = tokio::spawn(run_relay(store.clone(), broker.clone(), CONFIG, stop_rx));
        store.drained().await;
        stop_tx.send(true).expect("the relay is still listening");
        let stats = relay.await.expect("relay task panicked");
        (store, broker, stats)
    }

    /// A bigger workload: 60 events over 5 aggregates; every third message
    /// fails once and every seventh fails three times.
    fn workload() -> (Vec<(String, String)>, HashMap<u64, u32>) {
        let events = (1..=60_u64)
            .map(|i| (format!("agg-{}", i % 5), format!("event-{i}")))
            .collect();
        let failures = (1..=60_u64)
            .filter_map(|id| match id {
                id if id % 7 == 0 => Some((id, 3)),
                id if id % 3 == 0 => Some((id, 1)),
                _ => None,
            })
            .collect();
        (events, failures)
    }

    #[tokio::test(start_paused = true)]
    async fn every_message_is_published_at_least_once() {
        let (events, failures) = workload();
        let events: Vec<(&str, &str)> = events
            .iter()
            .map(|(a, e)| (a.as_str(), e.as_str()))
            .collect();
        let (store, broker, stats) = relay_until_drained(&events, failures).await;

        let published: HashSet<u64> = broker
            .attempts()
            .iter()
            .filter(|a| a.ok)
            .map(|a| a.id)
            .collect();
        assert_eq!(published, (1..=60).collect::<HashSet<u64>>());
        assert_eq!(stats.published, 60);
        assert!(store.claim_batch(Instant::now(), 100).await.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn per_aggregate_order_is_preserved() {
        let (events, failures) = workload();
        let events: Vec<(&str, &str)> = events
            .iter()
            .map(|(a, e)| (a.as_str(), e.as_str()))
            .collect();
        let (_, broker, _) = relay_until_drained(&events, failures).await;

        let mut by_aggregate: HashMap<String, Vec<&Attempt>> = HashMap::new();
        let attempts = broker.attempts();
        for attempt in &attempts {
            by_aggregate
                .entry(attempt.aggregate_id.clone())
                .or_default()
                .push(attempt);
        }
        for (aggregate, attempts) in by_aggregate {
            // Ids never go backwards: no message was tried before an older
            // message of its aggregate had been published.
            let ids: Vec<u64> = attempts.iter().map(|a| a.id).collect();
            assert!(
                ids.is_sorted(),
                "{aggregate} attempted out of order: {ids:?}"
            );
            // And each id is attempted again only until it succeeds.
            for pair in attempts.windows(2) {
                assert!(
                    pair[0].id != pair[1].id || !pair[0].ok,
                    "{aggregate}: republished {}",
                    pair[0].id
                );
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn retries_wait_for_the_backoff() {
        let events = [("order-1", "OrderPlaced"), ("order-1", "OrderPaid")];
        let (_, broker, stats) = relay_until_drained(&events, HashMap::from([(1, 3)])).await;

        let tries: Vec<u128> = broker
            .attempts()
            .iter()
            .filter(|a| a.id == 1)
            .map(|a| a.at_ms)
            .collect();
        assert_eq!(tries.len(), 4);
        for (failures, pair) in (1..).zip(tries.windows(2)) {
            let waited = pair[1] - pair[0];
            let at_least = backoff(&CONFIG, failures).as_millis();
            assert!(
                waited >= at_least,
                "retry {failures} after {waited} ms, backoff is {at_least} ms"
            );
            // ...and not much later: at most one poll interval plus the publish itself.
            let at_most = at_least + CONFIG.poll_interval.as_millis() + PUBLISH_LATENCY.as_millis();
            assert!(waited <= at_most, "retry {failures} after {waited} ms");
        }
        assert_eq!(stats.retries_scheduled, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_relay_stops_as_soon_as_it_is_told() {
        let (stop_tx, stop_rx) = watch::channel(false);
        let relay = tokio::spawn(run_relay(
            MemoryOutbox::new(),
            FlakyBroker::new(HashMap::new()),
            CONFIG,
            stop_rx,
        ));
        tokio::task::yield_now().await; // let it poll once and start waiting
        let asked = Instant::now();
        stop_tx.send(true).expect("relay listening");
        let stats = relay.await.expect("relay task panicked");
        assert_eq!(asked.elapsed(), Duration::ZERO);
        assert_eq!(stats.published, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_message_that_never_succeeds_is_dead_lettered() {
        let events = [("order-1", "OrderPlaced"), ("order-1", "OrderPaid")];
        let never = HashMap::from([(1, u32::MAX)]);
        // `relay_until_drained` returning at all proves drained() resolved.
        let (store, broker, stats) = relay_until_drained(&events, never).await;
        let attempts = broker.attempts();
        let tries_of_1 = attempts.iter().filter(|a| a.id == 1).count();
        assert_eq!(tries_of_1, CONFIG.max_attempts as usize);
        assert_eq!(stats.dead_lettered, 1);
        // The aggregate moved on: message 2 was published after the give-up.
        assert_eq!(attempts.last().map(|a| (a.id, a.ok)), Some((2, true)));
        let rows = store.rows.lock().await;
        assert_eq!(rows[0].state, RowState::DeadLettered { attempts: 4 });
        assert_eq!(rows[1].state, RowState::Sent);
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let ms = |n| backoff(&CONFIG, n).as_millis();
        assert_eq!(
            [ms(1), ms(2), ms(3), ms(5), ms(40)],
            [100, 200, 400, 1600, 2000]
        );
    }
}
