//! Lesson 17.4: order per key with partitioned lanes.
//!
//! A router agent sends each event to the lane its key hashes to; each lane
//! is a bounded channel with one worker, so events of one key are handled
//! one at a time, in order, while different lanes run in parallel. The hash
//! is the bridge's FNV-1a (`outbox-core/src/lanes.rs`), copied here so the
//! listing needs nothing but tokio.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub key: &'static str,
    pub seq: u32,
    /// How long handling it takes.
    pub cost: Duration,
}

// ANCHOR: lane_of
/// The lane of a key: FNV-1a modulo the number of lanes, as in the bridge.
/// Stable across runs and Rust releases, unlike std's `DefaultHasher`.
pub fn lane_of(key: &str, lanes: usize) -> usize {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % lanes.max(1) as u64) as usize
}
// ANCHOR_END: lane_of

// ANCHOR: agents
/// The router: reads the input in order and forwards each event to its lane.
/// A full lane makes it wait, so backpressure reaches the input too.
async fn route(mut input: mpsc::Receiver<Event>, lanes: Vec<mpsc::Sender<Event>>) {
    while let Some(event) = input.recv().await {
        let lane = lane_of(event.key, lanes.len());
        if lanes[lane].send(event).await.is_err() {
            break;
        }
    }
} // dropping the lane senders ends every lane worker after it drains

/// One lane's worker: handles its events one at a time, in arrival order.
async fn lane_worker(lane: usize, mut rx: mpsc::Receiver<Event>, out: mpsc::Sender<Delivered>) {
    while let Some(event) = rx.recv().await {
        time::sleep(event.cost).await;
        if out.send(Delivered { lane, event }).await.is_err() {
            break;
        }
    }
}
// ANCHOR_END: agents

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub lane: usize,
    pub event: Event,
}

// ANCHOR: run_lanes
/// Runs `events` through `lanes` lanes of `capacity` and collects what
/// comes out, in the order it came out, with the virtual time of arrival.
pub async fn run_lanes(
    events: Vec<Event>,
    lanes: usize,
    capacity: usize,
) -> Vec<(Duration, Delivered)> {
    let started = Instant::now();
    let (input, input_rx) = mpsc::channel(capacity);
    let (out_tx, mut out) = mpsc::channel(capacity);
    let mut senders = Vec::new();
    for lane in 0..lanes.max(1) {
        let (tx, rx) = mpsc::channel(capacity);
        senders.push(tx);
        tokio::spawn(lane_worker(lane, rx, out_tx.clone()));
    }
    drop(out_tx); // only the lane workers hold senders now
    tokio::spawn(route(input_rx, senders));
    tokio::spawn(async move {
        for event in events {
            if input.send(event).await.is_err() {
                break;
            }
        }
    });
    let mut delivered = Vec::new();
    while let Some(item) = out.recv().await {
        delivered.push((started.elapsed(), item));
    }
    delivered
}
// ANCHOR_END: run_lanes

/// Three events for each of four keys, interleaved; `order-1` is slow.
pub fn events() -> Vec<Event> {
    let keys = ["order-1", "order-2", "order-3", "account-9"];
    (1..=3)
        .flat_map(|seq| {
            keys.map(|key| Event {
                key,
                seq,
                cost: Duration::from_millis(if key == "order-1" { 30 } else { 5 }),
            })
        })
        .collect()
}

// ANCHOR: main
async fn demo() {
    for key in ["order-1", "order-2", "order-3", "account-9"] {
        println!("{key:<9} -> lane {} of 2", lane_of(key, 2));
    }
    for (at, Delivered { lane, event }) in run_lanes(events(), 2, 2).await {
        let at = at.as_millis();
        println!("t={at:>3} ms  lane {lane}: {} #{}", event.key, event.seq);
    }
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(demo());
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn in_order_per_key(delivered: &[(Duration, Delivered)]) -> bool {
        delivered.iter().all(|(_, later)| {
            delivered
                .iter()
                .take_while(|(_, d)| d != later)
                .filter(|(_, d)| d.event.key == later.event.key)
                .all(|(_, earlier)| earlier.event.seq < later.event.seq)
        })
    }

    // ANCHOR: tests
    #[test]
    fn lanes_match_the_bridges_pinned_values() {
        // The same keys and lane count as outbox-core's own test.
        let lanes: Vec<usize> = ["order-1", "order-2", "order-3", "account-9"]
            .iter()
            .map(|key| lane_of(key, 8))
            .collect();
        assert_eq!(lanes, [5, 4, 7, 6]);
    }

    #[tokio::test(start_paused = true)]
    async fn each_key_keeps_its_order_while_lanes_overtake_each_other() {
        for lanes in [1, 2, 4] {
            let delivered = run_lanes(events(), lanes, 2).await;
            assert_eq!(delivered.len(), 12, "nothing lost");
            assert!(in_order_per_key(&delivered), "{lanes} lanes");
            let order: Vec<(&str, u32)> = delivered
                .iter()
                .map(|(_, d)| (d.event.key, d.event.seq))
                .collect();
            let input: Vec<(&str, u32)> = events().iter().map(|e| (e.key, e.seq)).collect();
            // One lane keeps the global order; several lanes give it up.
            assert_eq!(order == input, lanes == 1, "{lanes} lanes");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_key_delays_only_its_own_lane() {
        let delivered = run_lanes(events(), 4, 2).await;
        let last = |key: &str| {
            delivered
                .iter()
                .filter(|(_, d)| d.event.key == key)
                .map(|(at, _)| *at)
                .max()
                .expect("delivered")
        };
        // With four lanes every key has its own: the fast ones finish long
        // before the slow one.
        assert_eq!(last("order-1"), Duration::from_millis(90));
        assert!(last("order-2") <= Duration::from_millis(15));
        assert!(last("order-3") <= Duration::from_millis(15));
    }
    // ANCHOR_END: tests
}
