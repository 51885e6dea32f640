//! Lesson 10.3: the same fan-out three ways. A producer emits ten events,
//! one every 10 ms, to a fast consumer and a slow one (25 ms per event).
//! One `mpsc` per consumer loses nothing but lets the slowest consumer set
//! the pace; `broadcast` never holds the producer back but makes the slow
//! consumer skip; `watch` hands each consumer only the latest value.

use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{self, Instant};

const EVENTS: u64 = 10;
const EVERY: Duration = Duration::from_millis(10);
const SLOW: Duration = Duration::from_millis(25);

/// What one consumer saw, and when it finished its last event.
#[derive(Debug, Clone, Default, PartialEq)]
struct Seen {
    ids: Vec<u64>,
    missed: u64,
    last_at_ms: u128,
}

impl Seen {
    fn record(&mut self, id: u64, start: Instant) {
        self.ids.push(id);
        self.last_at_ms = start.elapsed().as_millis();
    }
}

/// When the producer was done, and what the fast and the slow consumer saw.
#[derive(Debug, Clone, PartialEq)]
struct Report {
    producer_done_ms: u128,
    fast: Seen,
    slow: Seen,
}

// ANCHOR: per_consumer_mpsc
async fn mpsc_consumer(mut rx: mpsc::Receiver<u64>, cost: Duration, start: Instant) -> Seen {
    let mut seen = Seen::default();
    while let Some(id) = rx.recv().await {
        time::sleep(cost).await;
        seen.record(id, start);
    }
    seen
}

/// One bounded queue per consumer; the producer sends to each in turn.
async fn per_consumer_mpsc(capacity: usize) -> Report {
    let start = Instant::now();
    let (fast_tx, fast_rx) = mpsc::channel(capacity);
    let (slow_tx, slow_rx) = mpsc::channel(capacity);
    let fast = tokio::spawn(mpsc_consumer(fast_rx, Duration::ZERO, start));
    let slow = tokio::spawn(mpsc_consumer(slow_rx, SLOW, start));
    for id in 1..=EVENTS {
        for tx in [&fast_tx, &slow_tx] {
            // Waits while this consumer's queue is full: backpressure.
            tx.send(id).await.expect("the consumers run until the end");
        }
        time::sleep(EVERY).await;
    }
    let producer_done_ms = start.elapsed().as_millis();
    drop((fast_tx, slow_tx)); // closes both queues
    Report {
        producer_done_ms,
        fast: fast.await.expect("the consumer does not panic"),
        slow: slow.await.expect("the consumer does not panic"),
    }
}
// ANCHOR_END: per_consumer_mpsc

// ANCHOR: broadcast
async fn broadcast_consumer(
    mut rx: broadcast::Receiver<u64>,
    cost: Duration,
    start: Instant,
) -> Seen {
    let mut seen = Seen::default();
    loop {
        match rx.recv().await {
            Ok(id) => {
                time::sleep(cost).await;
                seen.record(id, start);
            }
            Err(broadcast::error::RecvError::Lagged(n)) => seen.missed += n,
            Err(broadcast::error::RecvError::Closed) => return seen,
        }
    }
}

/// One ring of `capacity` events shared by both consumers.
async fn broadcast_fan_out(capacity: usize) -> Report {
    let start = Instant::now();
    let (tx, fast_rx) = broadcast::channel(capacity);
    let slow_rx = tx.subscribe();
    let fast = tokio::spawn(broadcast_consumer(fast_rx, Duration::ZERO, start));
    let slow = tokio::spawn(broadcast_consumer(slow_rx, SLOW, start));
    for id in 1..=EVENTS {
        tx.send(id).expect("the consumers run until the end"); // never waits
        time::sleep(EVERY).await;
    }
    let producer_done_ms = start.elapsed().as_millis();
    drop(tx);
    Report {
        producer_done_ms,
        fast: fast.await.expect("the consumer does not panic"),
        slow: slow.await.expect("the consumer does not panic"),
    }
}
// ANCHOR_END: broadcast

// ANCHOR: watch
async fn watch_consumer(mut rx: watch::Receiver<u64>, cost: Duration, start: Instant) -> Seen {
    let mut seen = Seen::default();
    // changed() fails once the sender is gone and the last value was seen.
    while rx.changed().await.is_ok() {
        let id = *rx.borrow_and_update(); // the latest value; older ones are gone
        time::sleep(cost).await;
        seen.record(id, start);
    }
    seen
}

/// One slot holding the latest event.
async fn watch_fan_out() -> Report {
    let start = Instant::now();
    let (tx, fast_rx) = watch::channel(0);
    let slow_rx = tx.subscribe();
    let fast = tokio::spawn(watch_consumer(fast_rx, Duration::ZERO, start));
    let slow = tokio::spawn(watch_consumer(slow_rx, SLOW, start));
    for id in 1..=EVENTS {
        tx.send_replace(id); // overwrites; never waits, never fails
        time::sleep(EVERY).await;
    }
    let producer_done_ms = start.elapsed().as_millis();
    drop(tx);
    Report {
        producer_done_ms,
        fast: fast.await.expect("the consumer does not panic"),
        slow: slow.await.expect("the consumer does not panic"),
    }
}
// ANCHOR_END: watch

fn show(name: &str, report: &Report) {
    println!("{name}: producer done at t={} ms", report.producer_done_ms);
    for (who, seen) in [("fast", &report.fast), ("slow", &report.slow)] {
        let ids: Vec<String> = seen.ids.iter().map(u64::to_string).collect();
        let missed = match seen.missed {
            0 => String::new(),
            n => format!(" (told it missed {n})"),
        };
        println!(
            "  {who}: {}{missed}; last done at t={} ms",
            ids.join(" "),
            seen.last_at_ms
        );
    }
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    show("mpsc per consumer", &runtime.block_on(per_consumer_mpsc(4)));
    show("broadcast", &runtime.block_on(broadcast_fan_out(4)));
    show("watch", &runtime.block_on(watch_fan_out()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [u64; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    #[tokio::test(start_paused = true)]
    async fn per_consumer_queues_lose_nothing_but_the_slow_one_sets_the_pace() {
        let report = per_consumer_mpsc(4).await;
        assert_eq!(report.fast.ids, ALL);
        assert_eq!(report.slow.ids, ALL);
        // Alone, the producer would be done after 10 × 10 ms; the slow
        // consumer's full queue held it back.
        assert!(report.producer_done_ms > 100, "{report:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn broadcast_never_waits_and_the_slow_one_is_told_what_it_missed() {
        let report = broadcast_fan_out(4).await;
        assert_eq!(report.producer_done_ms, 100);
        assert_eq!(report.fast.ids, ALL);
        assert!(report.slow.missed > 0);
        assert_eq!(report.slow.ids.len() as u64 + report.slow.missed, 10);
    }

    #[tokio::test(start_paused = true)]
    async fn watch_gives_the_slow_one_only_the_latest_values() {
        let report = watch_fan_out().await;
        assert_eq!(report.producer_done_ms, 100);
        assert_eq!(report.slow.ids.last(), Some(&10)); // the latest value always arrives
        assert!(report.slow.ids.len() < 10);
        assert_eq!(report.slow.missed, 0); // watch never says what was skipped
    }
}
