//! Answers to the exercises of lesson 10.3 (fan-out with broadcast).

use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio::time::{self, Instant};

/// Publishes `events` ids, one every 10 ms, into a ring of `capacity`, with
/// one subscriber running `consume`; returns what it reported.
async fn publish_to<F, Fut>(events: u64, capacity: usize, consume: F) -> Vec<String>
where
    F: FnOnce(broadcast::Receiver<u64>) -> Fut,
    Fut: std::future::Future<Output = Vec<String>> + Send + 'static,
{
    let (tx, rx) = broadcast::channel(capacity);
    let task = tokio::spawn(consume(rx));
    for id in 1..=events {
        tx.send(id).expect("the subscriber runs until the end");
        time::sleep(Duration::from_millis(10)).await;
    }
    drop(tx);
    task.await.expect("the subscriber does not panic")
}

// ANCHOR: answer1
mod answer1 {
    use super::*;

    /// Like `subscriber`, but adds up what it missed and reports the total
    /// at the end, next to `[closed]`.
    pub(crate) async fn counting_subscriber(mut rx: broadcast::Receiver<u64>) -> Vec<String> {
        let (mut seen, mut missed) = (Vec::new(), 0);
        loop {
            match rx.recv().await {
                Ok(id) => {
                    time::sleep(Duration::from_millis(25)).await;
                    seen.push(id.to_string());
                }
                Err(broadcast::error::RecvError::Lagged(n)) => missed += n,
                Err(broadcast::error::RecvError::Closed) => {
                    seen.push(format!("[closed, missed {missed}]"));
                    return seen;
                }
            }
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use super::*;

    /// On a lag, skip to the newest events instead of the oldest kept ones:
    /// `resubscribe` gives a receiver that starts at the tail of the ring.
    pub(crate) async fn newest_first_subscriber(mut rx: broadcast::Receiver<u64>) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match rx.recv().await {
                Ok(id) => {
                    time::sleep(Duration::from_millis(25)).await;
                    seen.push(id.to_string());
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    seen.push(format!("[lagged {n}, jumping ahead]"));
                    rx = rx.resubscribe(); // drops what is still queued for us
                }
                Err(broadcast::error::RecvError::Closed) => {
                    seen.push("[closed]".to_string());
                    return seen;
                }
            }
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    use super::*;

    async fn consume(mut rx: mpsc::Receiver<u64>, cost: Duration, start: Instant) -> u128 {
        let mut last = 0;
        while rx.recv().await.is_some() {
            time::sleep(cost).await;
            last = start.elapsed().as_millis();
        }
        last
    }

    /// Ten events, one every 10 ms, to a fast and a slow (25 ms) consumer,
    /// each with its own queue of `capacity`. Returns when the producer
    /// was done and when the fast consumer finished its last event.
    pub(crate) async fn pace(capacity: usize) -> (u128, u128) {
        let start = Instant::now();
        let (fast_tx, fast_rx) = mpsc::channel(capacity);
        let (slow_tx, slow_rx) = mpsc::channel(capacity);
        let fast = tokio::spawn(consume(fast_rx, Duration::ZERO, start));
        let slow = tokio::spawn(consume(slow_rx, Duration::from_millis(25), start));
        for id in 1..=10 {
            for tx in [&fast_tx, &slow_tx] {
                tx.send(id).await.expect("the consumers run until the end");
            }
            time::sleep(Duration::from_millis(10)).await;
        }
        let done = start.elapsed().as_millis();
        drop((fast_tx, slow_tx));
        let fast_last = fast.await.expect("no panic");
        slow.await.expect("no panic");
        (done, fast_last)
    }
}
// ANCHOR_END: answer4

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let counted = publish_to(12, 4, answer1::counting_subscriber).await;
        println!("1. {}", counted.join(" "));
        let newest = publish_to(12, 4, answer2::newest_first_subscriber).await;
        println!("2. {}", newest.join(" "));
        for capacity in [4, 1] {
            let (done, fast_last) = answer4::pace(capacity).await;
            println!(
                "4. capacity {capacity}: producer done at t={done} ms, fast consumer's last at t={fast_last} ms"
            );
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn received_plus_missed_is_everything_sent() {
        let seen = publish_to(12, 4, answer1::counting_subscriber).await;
        let last = seen.last().expect("the end is reported");
        let missed: usize = last
            .trim_start_matches("[closed, missed ")
            .trim_end_matches(']')
            .parse()
            .expect("a number");
        assert!(missed > 0);
        assert_eq!(seen.len() - 1 + missed, 12);
    }

    #[tokio::test(start_paused = true)]
    async fn jumping_ahead_skips_more_but_resumes_at_the_newest() {
        let seen = publish_to(12, 4, answer2::newest_first_subscriber).await;
        let lag = seen
            .iter()
            .position(|s| s.starts_with("[lagged"))
            .expect("the subscriber lags");
        // With `resubscribe`, the event after the lag was sent after the lag
        // was noticed: it is newer than anything left in the ring then.
        let before: u64 = seen[lag - 1].parse().expect("an id");
        let after: u64 = seen[lag + 1].parse().expect("an id");
        assert!(after > before + 4, "{seen:?}");
        assert_eq!(seen.last().map(String::as_str), Some("[closed]"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_smaller_queue_slows_the_producer_and_the_fast_consumer() {
        let (done4, fast4) = answer4::pace(4).await;
        let (done1, fast1) = answer4::pace(1).await;
        assert!(done1 > done4 && fast1 > fast4);
    }
}
