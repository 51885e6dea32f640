//! Answers to the "Try it" exercises of lesson 14.4.
//!
//! Run with `cargo run -p m14-answers --example answers_14_4`.

use anyhow::Result;
use outbox_core::{
    AggregateId, Backoff, NewMessage, OutboxMessage, PublishError, Publisher, RetryPolicy,
};
use outbox_relay::{Relay, RelayConfig, RelayReport};
use outbox_store::{Redrive, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

// ANCHOR: answer6_budget
/// How long after its first failed attempt a message is dead-lettered if
/// every attempt fails: the backoffs before attempts 2 to `max_attempts`,
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
/// A broker that refuses every publish while `down` is set.
#[derive(Debug, Default)]
struct Outage {
    down: AtomicBool,
    delivered: Mutex<Vec<(String, i64)>>,
}

impl Publisher for Outage {
    fn name(&self) -> &str {
        "outage"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        if self.down.load(Ordering::SeqCst) {
            let refused = PublishError::Transient("connection refused".into());
            return batch.iter().map(|_| Err(refused.clone())).collect();
        }
        let mut delivered = self.delivered.lock().unwrap_or_else(|p| p.into_inner());
        for m in batch {
            delivered.push((m.aggregate_id.to_string(), m.id.0));
        }
        batch.iter().map(|_| Ok(())).collect()
    }
}

/// The default policy's ten attempts, with milliseconds for its minutes,
/// and a short lease: a dead letter keeps its aggregate's lease (see the
/// answer), and a re-driven message waits for that lease to end.
fn fast_config() -> RelayConfig {
    let backoff = Backoff {
        base: Duration::from_millis(1),
        factor: 2,
        max: Duration::from_millis(4),
        jitter: 0.0,
    };
    RelayConfig {
        lease: Duration::from_millis(200),
        poll_interval: Duration::from_millis(2),
        retry: RetryPolicy {
            backoff,
            ..RetryPolicy::default()
        },
        ..RelayConfig::default()
    }
}

/// Runs the relay until nothing is pending, and returns its report.
async fn drain(store: &Arc<Store>, broker: &Arc<Outage>) -> Result<RelayReport> {
    let relay = Relay::new(Arc::clone(store), Arc::clone(broker), fast_config());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { relay.run(shutdown).await }
    });
    loop {
        let status = store.status().await?;
        if status.pending + status.in_flight == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    shutdown.cancel();
    Ok(running.await??)
}

/// order-1 has two events, order-2 one. The broker is down until the head
/// of each aggregate is dead-lettered, then comes back; an operator
/// re-drives the dead letters. Returns the dead letters' reasons and what
/// the broker received, in order.
async fn an_outage_longer_than_the_budget() -> Result<(Vec<String>, Vec<(String, i64)>)> {
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
    let broker = Arc::new(Outage {
        down: AtomicBool::new(true),
        ..Outage::default()
    });
    let relay = Relay::new(Arc::clone(&store), Arc::clone(&broker), fast_config());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { relay.run(shutdown).await }
    });
    // The outage lasts until both heads (ids 1 and 3) are dead letters.
    while store.status().await?.dead < 2 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    broker.down.store(false, Ordering::SeqCst);
    loop {
        let status = store.status().await?;
        if status.pending + status.in_flight == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    shutdown.cancel();
    running.await??;
    let reasons = store
        .dead_letters(10)
        .await?
        .into_iter()
        .map(|d| format!("{}: {}", d.id, d.reason))
        .collect();
    // The operator re-drives: order-1's first event now follows its second.
    store.redrive(&Redrive::All).await?;
    drain(&store, &broker).await?;
    let delivered = broker
        .delivered
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Ok((reasons, delivered))
}
// ANCHOR_END: answer6_outage

#[tokio::main]
async fn main() -> Result<()> {
    let policy = RetryPolicy::default();
    let (longest, shortest) = (outage_budget(&policy, 0.0), outage_budget(&policy, 1.0));
    println!(
        "answer 6: the default policy dead-letters a message {:.1} s to {:.1} s after its first failure",
        shortest.as_secs_f64(),
        longest.as_secs_f64()
    );
    let (reasons, delivered) = an_outage_longer_than_the_budget().await?;
    for reason in reasons {
        println!("  dead letter {reason}");
    }
    let order_1: Vec<i64> = delivered
        .iter()
        .filter(|(aggregate, _)| aggregate == "order-1")
        .map(|(_, id)| *id)
        .collect();
    println!("  order-1's events reached the broker in the order {order_1:?}");
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
    async fn a_long_outage_dead_letters_the_heads_and_breaks_their_order() {
        let (reasons, delivered) = an_outage_longer_than_the_budget().await.expect("runs");
        assert_eq!(
            reasons,
            [
                "outbox-1: gave up after 10 attempts: connection refused",
                "outbox-3: gave up after 10 attempts: connection refused",
            ]
        );
        let order_1: Vec<i64> = delivered
            .iter()
            .filter(|(aggregate, _)| aggregate == "order-1")
            .map(|(_, id)| *id)
            .collect();
        assert_eq!(
            order_1,
            [2, 1],
            "OrderPaid reached the broker before OrderPlaced"
        );
        assert_eq!(delivered.len(), 3, "nothing lost, nothing twice");
    }
}
