//! Lesson 08.1: a `broadcast` channel hands every message to every
//! receiver. It keeps only the last `capacity` messages, so a receiver that
//! falls behind gets `RecvError::Lagged(n)` and skips the n it missed.

use tokio::sync::broadcast::{self, error::RecvError};

// ANCHOR: drain
/// Reads everything a receiver can still get, noting any gap.
async fn drain(mut rx: broadcast::Receiver<u64>) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match rx.recv().await {
            Ok(id) => seen.push(format!("{id}")),
            Err(RecvError::Lagged(missed)) => seen.push(format!("(lagged: missed {missed})")),
            Err(RecvError::Closed) => break, // every sender dropped and the buffer is empty
        }
    }
    seen
}
// ANCHOR_END: drain

// ANCHOR: fan_out
/// One sender, two subscribers: `audit` reads as events arrive, `metrics`
/// only starts reading after all ten have been sent.
async fn fan_out() -> (Vec<String>, Vec<String>) {
    let (tx, mut audit) = broadcast::channel(4); // keeps the last 4 messages
    let metrics = tx.subscribe(); // sees messages sent from now on

    let mut audit_seen = Vec::new();
    for id in 1..=10 {
        // `send` never waits: it fails only when there are no receivers.
        tx.send(id).expect("there are receivers");
        audit_seen.push(audit.recv().await.expect("just sent").to_string());
    }
    drop(tx);
    drop(audit);
    (audit_seen, drain(metrics).await)
}
// ANCHOR_END: fan_out

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (audit, metrics) = fan_out().await;
    println!("audit:   {}", audit.join(" "));
    println!("metrics: {}", metrics.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slow_receiver_lags_and_resumes_at_the_oldest_kept_message() {
        let (audit, metrics) = fan_out().await;
        assert_eq!(audit.len(), 10);
        assert_eq!(metrics, ["(lagged: missed 6)", "7", "8", "9", "10"]);
    }

    #[tokio::test]
    async fn late_subscribers_miss_earlier_messages() {
        let (tx, _keep_open) = broadcast::channel(8);
        tx.send(1_u64).expect("a receiver exists");
        let late = tx.subscribe();
        tx.send(2).expect("receivers exist");
        drop(tx);
        assert_eq!(drain(late).await, ["2"]);
    }

    #[test]
    fn send_fails_without_receivers() {
        let (tx, rx) = broadcast::channel::<u64>(1);
        drop(rx);
        assert!(tx.send(1).is_err());
    }
}
