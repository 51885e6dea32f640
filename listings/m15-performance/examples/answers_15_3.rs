//! Answers to the exercises of lesson 15.3.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::MissedTickBehavior;

// ANCHOR: answer1
async fn alert(_aggregate: u32, _failures: u64) {}

/// The guard lives only for the statement that copies the count out; the
/// `.await` comes after it, so the future is `Send` again.
async fn check(failures: Arc<Mutex<HashMap<u32, u64>>>, aggregate: u32) -> bool {
    let count = failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&aggregate)
        .copied();
    match count {
        Some(n) if n > 3 => {
            alert(aggregate, n).await;
            true
        }
        _ => false,
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// Counts per aggregate in shards, and can be read while workers write:
/// `snapshot` locks one shard at a time, never the whole table, so a
/// scrape holds up at most the workers of one shard, briefly.
#[derive(Debug)]
pub struct ShardedCounts {
    shards: Vec<Shard>,
}

#[repr(align(64))] // one cache line per shard
#[derive(Debug, Default)]
struct Shard(Mutex<HashMap<u32, u64>>);

impl ShardedCounts {
    pub fn new(shards: usize) -> Self {
        Self {
            shards: (0..shards.max(1)).map(|_| Shard::default()).collect(),
        }
    }

    fn shard(&self, aggregate: u32) -> &Mutex<HashMap<u32, u64>> {
        &self.shards[aggregate as usize % self.shards.len()].0
    }

    pub fn add(&self, aggregate: u32) {
        let mut shard = self
            .shard(aggregate)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *shard.entry(aggregate).or_default() += 1;
    }

    /// Every count, sorted by aggregate. Not one instant's picture: a
    /// shard read early may have grown by the time the last one is read,
    /// which is what a metrics scrape can live with.
    pub fn snapshot(&self) -> Vec<(u32, u64)> {
        let mut all: Vec<(u32, u64)> = self
            .shards
            .iter()
            .flat_map(|shard| {
                let shard = shard.0.lock().unwrap_or_else(PoisonError::into_inner);
                shard.iter().map(|(&k, &v)| (k, v)).collect::<Vec<_>>()
            })
            .collect();
        all.sort_unstable();
        all
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// The event-loop lag of a runtime, as Node's `monitorEventLoopDelay`
/// measures it: a task that wants to run every `period` records how late
/// it actually ran. Any task that blocks the runtime's threads shows up
/// here, whoever it is.
#[derive(Debug, Clone, Default)]
pub struct LagMonitor {
    worst_micros: Arc<AtomicU64>,
}

impl LagMonitor {
    /// Starts the probe task on the current runtime.
    pub fn start(period: Duration) -> Self {
        let monitor = Self::default();
        let worst = Arc::clone(&monitor.worst_micros);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
            loop {
                let due = ticks.tick().await;
                let late = u64::try_from(due.elapsed().as_micros()).unwrap_or(u64::MAX);
                worst.fetch_max(late, Ordering::Relaxed);
            }
        });
        monitor
    }

    /// The worst lag seen so far.
    pub fn worst(&self) -> Duration {
        Duration::from_micros(self.worst_micros.load(Ordering::Relaxed))
    }
}
// ANCHOR_END: answer3

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let failures = Arc::new(Mutex::new(HashMap::from([(7, 5), (8, 1)])));
        let alerted = tokio::spawn(check(Arc::clone(&failures), 7))
            .await
            .expect("no panic");
        println!("aggregate 7 with 5 failures alerted: {alerted}");
    });
    let counts = ShardedCounts::new(16);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| (0..1000).for_each(|i| counts.add(i % 10)));
        }
    });
    let snapshot = counts.snapshot();
    println!(
        "4 threads × 1000 adds over 10 aggregates: {} aggregates, {} in all",
        snapshot.len(),
        snapshot.iter().map(|(_, n)| n).sum::<u64>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_fixed_check_can_be_spawned_and_alerts_above_three() {
        let failures = Arc::new(Mutex::new(HashMap::from([(7, 5), (8, 1)])));
        let seven = tokio::spawn(check(Arc::clone(&failures), 7));
        let eight = tokio::spawn(check(Arc::clone(&failures), 8));
        let nine = tokio::spawn(check(failures, 9));
        assert!(seven.await.expect("no panic"));
        assert!(!eight.await.expect("no panic"));
        assert!(!nine.await.expect("no panic"));
    }

    #[test]
    fn sharded_counts_lose_nothing_under_concurrent_writers() {
        let counts = ShardedCounts::new(8);
        std::thread::scope(|s| {
            for t in 0..4u32 {
                let counts = &counts;
                s.spawn(move || {
                    for i in 0..10_000u32 {
                        counts.add((i + t) % 100);
                    }
                });
            }
        });
        let snapshot = counts.snapshot();
        assert_eq!(snapshot.len(), 100);
        assert!(snapshot.iter().all(|&(_, n)| n == 400));
        assert!(snapshot.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn snapshots_can_be_taken_while_workers_write() {
        let counts = ShardedCounts::new(4);
        std::thread::scope(|s| {
            s.spawn(|| (0..50_000u32).for_each(|i| counts.add(i % 7)));
            let mut last = 0;
            for _ in 0..100 {
                let total: u64 = counts.snapshot().iter().map(|(_, n)| n).sum();
                assert!(total >= last, "counts only grow");
                last = total;
            }
        });
        let total: u64 = counts.snapshot().iter().map(|(_, n)| n).sum();
        assert_eq!(total, 50_000);
    }

    #[test]
    fn the_lag_monitor_sees_a_blocking_call_on_the_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let lag = LagMonitor::start(Duration::from_millis(5));
            tokio::time::sleep(Duration::from_millis(20)).await;
            // A blocking call on the only thread: the probe cannot run.
            std::thread::sleep(Duration::from_millis(60));
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert!(
                lag.worst() >= Duration::from_millis(40),
                "{:?}",
                lag.worst()
            );
        });
    }

    #[test]
    fn the_lag_monitor_stays_low_when_nothing_blocks() {
        // Best of three: a loaded machine can delay a thread once.
        let best = (0..3)
            .map(|_| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                    .expect("a runtime");
                runtime.block_on(async {
                    let lag = LagMonitor::start(Duration::from_millis(5));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    lag.worst()
                })
            })
            .min()
            .unwrap_or_default();
        assert!(best < Duration::from_millis(40), "{best:?}");
    }
}
