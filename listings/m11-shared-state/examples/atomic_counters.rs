//! Lesson 11.3: atomics. `Relaxed` for independent counters;
//! `Release`/`Acquire` when a flag publishes other data.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

// ANCHOR: counters
/// Counters bumped from many threads without a lock.
#[derive(Debug, Default)]
struct Stats {
    published: AtomicU64,
    failed: AtomicU64,
}

impl Stats {
    fn record(&self, ok: bool) {
        let counter = if ok { &self.published } else { &self.failed };
        // Relaxed: the increment itself is atomic (no update is ever lost);
        // nothing else is ordered by it, and nothing needs to be.
        counter.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: counters

// ANCHOR: publish
/// A result computed by one thread and handed to another through a flag.
struct Handoff {
    total: AtomicU64,
    ready: AtomicBool,
}

impl Handoff {
    fn produce(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        // Release: every write above becomes visible to whoever sees `true`
        // with an Acquire load.
        self.ready.store(true, Ordering::Release);
    }

    fn consume(&self) -> Option<u64> {
        // Acquire pairs with the Release store: seeing `true` here
        // guarantees seeing the `total` written before it.
        self.ready
            .load(Ordering::Acquire)
            .then(|| self.total.load(Ordering::Relaxed))
    }
}
// ANCHOR_END: publish

fn main() {
    let stats = Stats::default();
    thread::scope(|scope| {
        for t in 0..4 {
            let stats = &stats;
            scope.spawn(move || (0..10_000).for_each(|i| stats.record((i + t) % 10 != 0)));
        }
    });
    println!(
        "published {}, failed {}",
        stats.published.load(Ordering::Relaxed),
        stats.failed.load(Ordering::Relaxed)
    );

    let handoff = Handoff {
        total: AtomicU64::new(0),
        ready: AtomicBool::new(false),
    };
    let seen = thread::scope(|scope| {
        scope.spawn(|| handoff.produce(1_234));
        scope
            .spawn(|| {
                loop {
                    if let Some(total) = handoff.consume() {
                        break total;
                    }
                    std::hint::spin_loop();
                }
            })
            .join()
            .expect("no panic")
    });
    println!("consumer saw {seen}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_increments_are_never_lost() {
        let stats = Stats::default();
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| (0..5_000).for_each(|_| stats.record(true)));
            }
        });
        assert_eq!(stats.published.load(Ordering::Relaxed), 40_000);
        assert_eq!(stats.failed.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn nothing_before_the_flag() {
        let handoff = Handoff {
            total: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        };
        assert_eq!(handoff.consume(), None);
        handoff.produce(9);
        assert_eq!(handoff.consume(), Some(9));
    }
}
