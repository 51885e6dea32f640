//! Lesson 10.3: fan-out with `broadcast`. One publisher, several subscriber
//! tasks, each with its own pace: every subscriber gets every message it can
//! keep up with, a slow one is told how many it lost (`Lagged`), a late one
//! sees only what is sent after it subscribed, and all of them end with
//! `Closed` once the sender is gone.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::task::JoinSet;
use tokio::time;

// ANCHOR: event
/// One event for the subscribers. It travels as an `Arc<Event>`: every
/// receiver gets a clone of the `Arc` (a counter increment), never of the
/// payload.
#[derive(Debug)]
struct Event {
    id: u64,
    #[allow(dead_code)] // the subscribers here only log the id
    payload: Vec<u8>,
}
// ANCHOR_END: event

// ANCHOR: subscriber
/// Receives until the channel is closed, taking `cost` per event, and
/// returns what it saw: event ids, gaps and the end.
async fn subscriber(mut rx: broadcast::Receiver<Arc<Event>>, cost: Duration) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match rx.recv().await {
            Ok(event) => {
                time::sleep(cost).await; // index it, write it somewhere, …
                seen.push(event.id.to_string());
            }
            // The ring moved on without us: `missed` events are gone for this
            // receiver, and the next recv() returns the oldest one still kept.
            Err(RecvError::Lagged(missed)) => seen.push(format!("[lagged {missed}]")),
            // Every sender is gone and nothing is left for us: the end.
            Err(RecvError::Closed) => {
                seen.push("[closed]".to_string());
                return seen;
            }
        }
    }
}
// ANCHOR_END: subscriber

// ANCHOR: fan_out
/// Publishes `events` events, one every 10 ms, into a ring of `capacity`.
/// `audit` keeps up, `search` needs 25 ms per event, and `late` subscribes
/// just before event 7. Returns how many receivers each send reached, and
/// each subscriber's log.
async fn fan_out(events: u64, capacity: usize) -> (Vec<usize>, Vec<(&'static str, Vec<String>)>) {
    let (tx, audit) = broadcast::channel::<Arc<Event>>(capacity);
    let search = tx.subscribe();
    let mut tasks = JoinSet::new();
    tasks.spawn(async move { ("audit", subscriber(audit, Duration::ZERO).await) });
    tasks.spawn(async move {
        (
            "search",
            subscriber(search, Duration::from_millis(25)).await,
        )
    });

    let mut reached = Vec::new();
    for id in 1..=events {
        if id == 7 {
            let late = tx.subscribe(); // sees events sent from now on
            tasks.spawn(async move { ("late", subscriber(late, Duration::ZERO).await) });
        }
        let event = Arc::new(Event {
            id,
            payload: vec![0; 64 * 1024],
        });
        // `send` never waits. It fails only when there is no receiver at all,
        // and otherwise says how many receivers will see this event.
        reached.push(tx.send(event).unwrap_or(0));
        time::sleep(Duration::from_millis(10)).await;
    }
    drop(tx); // the last sender: receivers get Closed once they have read the rest

    let mut logs = tasks.join_all().await;
    logs.sort_by_key(|(name, _)| ["audit", "search", "late"].iter().position(|n| n == name));
    (reached, logs)
}
// ANCHOR_END: fan_out

// ANCHOR: clone_cost
/// Counts how often a value is cloned.
#[derive(Debug)]
struct Counted(Arc<AtomicUsize>);

impl Clone for Counted {
    fn clone(&self) -> Self {
        self.0.fetch_add(1, Ordering::Relaxed);
        Counted(Arc::clone(&self.0))
    }
}

/// Sends one value to `receivers` receivers and returns how many times it
/// was cloned once they have all read it.
async fn clones_per_message(receivers: usize) -> usize {
    let clones = Arc::new(AtomicUsize::new(0));
    let (tx, _) = broadcast::channel(1);
    let mut rxs: Vec<_> = (0..receivers).map(|_| tx.subscribe()).collect();
    tx.send(Counted(Arc::clone(&clones))).unwrap_or(0);
    for rx in &mut rxs {
        let _value = rx.recv().await; // each recv() clones the value out of the ring
    }
    clones.load(Ordering::Relaxed)
}
// ANCHOR_END: clone_cost

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true) // simulated time: the same interleaving on every run
        .build()?;
    runtime.block_on(async {
        let (reached, logs) = fan_out(12, 4).await;
        let reached: Vec<String> = reached.iter().map(usize::to_string).collect();
        println!("receivers per send: {}", reached.join(" "));
        for (name, seen) in logs {
            println!("{name:>7}: {}", seen.join(" "));
        }
        println!(
            "one message, 3 receivers: cloned {} times",
            clones_per_message(3).await
        );
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_of<'a>(logs: &'a [(&str, Vec<String>)], name: &str) -> &'a [String] {
        &logs
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a subscriber")
            .1
    }

    #[tokio::test(start_paused = true)]
    async fn a_subscriber_that_keeps_up_sees_every_event_then_closed() {
        let (_, logs) = fan_out(12, 4).await;
        let expected: Vec<String> = (1..=12)
            .map(|i| i.to_string())
            .chain(["[closed]".to_string()])
            .collect();
        assert_eq!(log_of(&logs, "audit"), expected);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_subscriber_skips_the_oldest_and_carries_on() {
        let (_, logs) = fan_out(12, 4).await;
        let search = log_of(&logs, "search");
        let lags: Vec<u64> = search
            .iter()
            .filter_map(|l| l.strip_prefix("[lagged ")?.strip_suffix(']')?.parse().ok())
            .collect();
        assert!(!lags.is_empty(), "search should lag: {search:?}");
        let received = search.iter().filter(|l| l.parse::<u64>().is_ok()).count() as u64;
        // Nothing is lost without being reported: received + missed = sent.
        assert_eq!(received + lags.iter().sum::<u64>(), 12);
        // It still sees the newest events, and the end.
        assert_eq!(search[search.len() - 2..], ["12", "[closed]"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_big_enough_ring_means_no_lag() {
        let (_, logs) = fan_out(12, 16).await;
        assert!(!log_of(&logs, "search").iter().any(|l| l.contains("lagged")));
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_subscriber_sees_only_what_is_sent_after_it_subscribed() {
        let (reached, logs) = fan_out(12, 4).await;
        assert_eq!(
            log_of(&logs, "late"),
            ["7", "8", "9", "10", "11", "12", "[closed]"]
        );
        assert_eq!(reached[..6], [2; 6]);
        assert_eq!(reached[6..], [3; 6]);
    }

    #[tokio::test]
    async fn every_receiver_clones_the_value_once() {
        assert_eq!(clones_per_message(1).await, 1);
        assert_eq!(clones_per_message(3).await, 3);
    }

    #[tokio::test]
    async fn an_arc_payload_is_shared_not_copied() {
        let (tx, mut a) = broadcast::channel(2);
        let mut b = tx.subscribe();
        let event = Arc::new(Event {
            id: 1,
            payload: vec![7; 1024],
        });
        tx.send(Arc::clone(&event)).expect("receivers exist");
        let (from_a, from_b) = (a.recv().await.expect("sent"), b.recv().await.expect("sent"));
        assert!(Arc::ptr_eq(&from_a, &event) && Arc::ptr_eq(&from_b, &event));
        assert_eq!(from_a.payload.len(), 1024);
    }

    #[test]
    fn send_without_receivers_hands_the_value_back() {
        let (tx, rx) = broadcast::channel::<u64>(4);
        drop(rx);
        assert_eq!(tx.send(5).map_err(|e| e.0), Err(5));
    }
}
