//! Answers to the "Try it" exercises of lesson 14.4.
//!
//! Run with `cargo run -p m14-answers --example answers_14_4`.

use anyhow::Result;
use outbox_core::{
    AggregateId, Backoff, NewMessage, OutboxMessage, PublishError, Publisher, RetryPolicy,
};
use outbox_relay::{Relay, RelayConfig, RelayError, RelayReport};
use outbox_store::{Redrive, Status, Store};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

// ANCHOR: answer6_budget
/// How long after its first refused attempt a message is dead-lettered if
/// every attempt is refused: the backoffs before attempts 2 to `max_attempts`,
/// added up. `random` is the jitter draw (0.0: no jitter, the longest; 1.0:
/// the most jitter, the shortest). The time each attempt itself takes to
/// fail comes on top.
fn outage_budget(policy: &RetryPolicy, random: f64) -> Duration {
    (1..policy.max_attempts)
        .map(|attempt| policy.backoff.delay(attempt, random))
        .sum()
}
// ANCHOR_END: answer6_budget

// ANCHOR: answer6_outage
/// A broker that fails every publish with `failure` while `down` is set,
/// and counts the calls it failed.
#[derive(Debug)]
struct Broker {
    down: AtomicBool,
    failure: PublishError,
    failed_calls: AtomicU32,
    delivered: Mutex<Vec<(String, i64)>>,
}

impl Broker {
    fn down_with(failure: PublishError) -> Arc<Self> {
        Arc::new(Self {
            down: AtomicBool::new(true),
            failure,
            failed_calls: AtomicU32::new(0),
            delivered: Mutex::default(),
        })
    }

    fn delivered(&self, aggregate: &str) -> Vec<i64> {
        let delivered = self.delivered.lock().unwrap_or_else(|p| p.into_inner());
        delivered
            .iter()
            .filter(|(a, _)| a == aggregate)
            .map(|(_, id)| *id)
            .collect()
    }
}

impl Publisher for Broker {
    fn name(&self) -> &str {
        "scripted"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        if self.down.load(Ordering::SeqCst) {
            self.failed_calls.fetch_add(1, Ordering::SeqCst);
            return batch.iter().map(|_| Err(self.failure.clone())).collect();
        }
        let mut delivered = self.delivered.lock().unwrap_or_else(|p| p.into_inner());
        for m in batch {
            delivered.push((m.aggregate_id.to_string(), m.id.0));
        }
        batch.iter().map(|_| Ok(())).collect()
    }
}

/// The default policy's ten attempts, with milliseconds for its minutes;
/// the breaker's waits shortened the same way.
fn fast_config() -> RelayConfig {
    let backoff = Backoff {
        base: Duration::from_millis(1),
        factor: 2,
        max: Duration::from_millis(4),
        jitter: 0.0,
    };
    RelayConfig {
        poll_interval: Duration::from_millis(2),
        retry: RetryPolicy {
            backoff,
            ..RetryPolicy::default()
        },
        outage_backoff: backoff,
        ..RelayConfig::default()
    }
}

/// An outbox with order-1's two events (ids 1 and 2) and order-2's one (id 3),
/// and a relay running on it.
async fn outbox_and_relay(
    broker: &Arc<Broker>,
) -> Result<(
    Arc<Store>,
    CancellationToken,
    JoinHandle<Result<RelayReport, RelayError>>,
)> {
    let store = Arc::new(Store::open("sqlite::memory:", "relay").await?);
    for (order, event) in [
        ("order-1", "OrderPlaced"),
        ("order-1", "OrderPaid"),
        ("order-2", "OrderPlaced"),
    ] {
        store
            .enqueue_one(&NewMessage::new(AggregateId::new(order)?, event, "{}")?)
            .await?;
    }
    let relay = Relay::new(Arc::clone(&store), Arc::clone(broker), fast_config());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { relay.run(shutdown).await }
    });
    Ok((store, shutdown, running))
}

async fn wait_for(store: &Store, done: impl Fn(&Status) -> bool) -> Result<Status> {
    loop {
        let status = store.status().await?;
        if done(&status) {
            return Ok(status);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// The broker is unreachable for 100 publish calls, ten times the budget,
/// then returns. Returns the relay's report and order-1's delivery order.
async fn an_outage_ten_times_the_budget() -> Result<(RelayReport, Vec<i64>)> {
    let broker = Broker::down_with(PublishError::Unavailable("connection refused".into()));
    let (store, shutdown, running) = outbox_and_relay(&broker).await?;
    while broker.failed_calls.load(Ordering::SeqCst) < 100 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    broker.down.store(false, Ordering::SeqCst);
    wait_for(&store, |s| s.sent == 3).await?;
    shutdown.cancel();
    let report = running.await??;
    Ok((report, broker.delivered("order-1")))
}

/// The broker is up but refuses every message until both heads (ids 1
/// and 3) are dead letters. Returns the dead letters' reasons, what
/// order-1 got before the re-drive, and its delivery order after it.
async fn refusals_past_the_budget() -> Result<(Vec<String>, Vec<i64>, Vec<i64>)> {
    let broker = Broker::down_with(PublishError::Transient("nacked".into()));
    let (store, shutdown, running) = outbox_and_relay(&broker).await?;
    wait_for(&store, |s| s.dead == 2).await?;
    broker.down.store(false, Ordering::SeqCst);
    // Give OrderPaid every chance to overtake its dead head.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let before = broker.delivered("order-1");
    let reasons = store
        .dead_letters(10)
        .await?
        .into_iter()
        .map(|d| format!("{}: {}", d.id, d.reason))
        .collect();
    store.redrive(&Redrive::All).await?;
    wait_for(&store, |s| s.sent == 3).await?;
    shutdown.cancel();
    running.await??;
    Ok((reasons, before, broker.delivered("order-1")))
}
// ANCHOR_END: answer6_outage

#[tokio::main]
async fn main() -> Result<()> {
    let policy = RetryPolicy::default();
    let (longest, shortest) = (outage_budget(&policy, 0.0), outage_budget(&policy, 1.0));
    println!(
        "answer 6: the default policy dead-letters a refused message {:.1} s to {:.1} s after its first refusal",
        shortest.as_secs_f64(),
        longest.as_secs_f64()
    );
    let (report, order_1) = an_outage_ten_times_the_budget().await?;
    println!(
        "  outage: {} failed attempt(s), {} dead-lettered; order-1 reached the broker as {order_1:?}",
        report.failed, report.dead_lettered
    );
    let (reasons, before, after) = refusals_past_the_budget().await?;
    for reason in reasons {
        println!("  refusals: dead letter {reason}");
    }
    println!("  refusals: order-1 got {before:?} before the re-drive and {after:?} after it");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_budget_is_about_three_minutes() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts, 10);
        assert_eq!(outage_budget(&policy, 0.0), Duration::from_millis(183_500));
        let shortest = outage_budget(&policy, 1.0).as_millis();
        assert_eq!(shortest, 146_800);
    }

    #[tokio::test]
    async fn an_outage_of_any_length_costs_no_attempt() {
        let (report, order_1) = an_outage_ten_times_the_budget().await.expect("runs");
        assert_eq!((report.failed, report.dead_lettered), (0, 0), "{report:?}");
        assert_eq!(order_1, [1, 2]);
    }

    #[tokio::test]
    async fn refused_heads_are_dead_lettered_and_hold_their_aggregate() {
        let (reasons, before, after) = refusals_past_the_budget().await.expect("runs");
        assert_eq!(
            reasons,
            [
                "outbox-1: gave up after 10 attempts: nacked",
                "outbox-3: gave up after 10 attempts: nacked",
            ]
        );
        assert_eq!(
            before,
            Vec::<i64>::new(),
            "OrderPaid waited behind its dead head"
        );
        assert_eq!(after, [1, 2]);
    }
}
