//! Answers to the "Try it" exercises of lesson 14.6.
//!
//! Run with `cargo run -p m14-answers --example answers_14_6`.

use anyhow::Result;
use outbox_core::{AggregateId, NewMessage, OutboxMessage, PublishError, Publisher};
use outbox_relay::{Relay, RelayConfig, RelayReport};
use outbox_store::Store;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

// ANCHOR: answer5
/// A healthy broker: it receives a batch at once and confirms it a second
/// later. The first time, a deploy's SIGTERM arrives just after the batch
/// went out (the publisher cancels the token, as the lesson's
/// `HangsAfterSignal` does).
#[derive(Debug)]
struct Healthy {
    received: Mutex<Vec<i64>>,
    signal: Mutex<Option<CancellationToken>>,
}

impl Publisher for Healthy {
    fn name(&self) -> &str {
        "healthy"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        self.received
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(batch.iter().map(|m| m.id.0));
        if let Some(deploy) = self.signal.lock().unwrap_or_else(|p| p.into_inner()).take() {
            deploy.cancel();
        }
        // A second, not less: the deadline is enforced by a watchdog task, and
        // on a loaded machine a task can wait a good fraction of a second for
        // a thread; the zero-deadline run must cut the batch off before this.
        tokio::time::sleep(Duration::from_secs(1)).await; // the confirms
        batch.iter().map(|_| Ok(())).collect()
    }
}

/// Ten messages, a deploy during the first batch with `deadline`, then the
/// next relay drains the outbox. Returns the first relay's report and how
/// many messages the broker received in all.
async fn deploy_with(deadline: Duration) -> Result<(RelayReport, usize)> {
    let store = Arc::new(Store::open("sqlite::memory:", "relay").await?);
    for n in 0..10 {
        let order = AggregateId::new(format!("order-{}", n % 3))?;
        store
            .enqueue_one(&NewMessage::new(order, "OrderPlaced", "{}")?)
            .await?;
    }
    let config = RelayConfig {
        shutdown_deadline: deadline,
        ..RelayConfig::default()
    };
    let deploy = CancellationToken::new();
    let broker = Arc::new(Healthy {
        received: Mutex::default(),
        signal: Mutex::new(Some(deploy.clone())),
    });
    let first = Relay::new(Arc::clone(&store), Arc::clone(&broker), config.clone())
        .run(deploy)
        .await?;

    // The new version starts and relays whatever is left.
    let next = CancellationToken::new();
    let relay = Relay::new(Arc::clone(&store), Arc::clone(&broker), config);
    let running = tokio::spawn({
        let next = next.clone();
        async move { relay.run(next).await }
    });
    while store.status().await?.pending > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    next.cancel();
    running.await??;
    let received = broker
        .received
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .len();
    Ok((first, received))
}
// ANCHOR_END: answer5

#[tokio::main]
async fn main() -> Result<()> {
    println!("answer 5: a deploy while a batch of 10 waits for its confirms");
    for (deadline, name) in [
        (Duration::ZERO, "zero"),
        (Duration::from_secs(10), "the default"),
    ] {
        let (first, received) = deploy_with(deadline).await?;
        println!(
            "  {name} deadline: the old relay recorded {} sent and released {}; the broker received {received} messages",
            first.published, first.released
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_zero_deadline_publishes_the_batch_in_flight_twice() {
        let (first, received) = deploy_with(Duration::ZERO).await.expect("runs");
        assert_eq!((first.published, first.released), (0, 10));
        assert_eq!(received, 20, "every message of the batch, twice");
    }

    #[tokio::test]
    async fn the_default_deadline_lets_the_confirms_arrive() {
        let (first, received) = deploy_with(Duration::from_secs(10)).await.expect("runs");
        assert_eq!((first.published, first.released), (10, 0));
        assert_eq!(received, 10);
    }
}
