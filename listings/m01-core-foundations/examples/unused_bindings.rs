//! Lesson 01.1: `_name` keeps a value alive quietly; `let _ = value()` drops
//! a fresh value at once, and `let _ = existing` does nothing at all.
//!
//! Run with `cargo run -p m01-core-foundations --example unused_bindings`.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many leases exist right now.
static LIVE_LEASES: AtomicUsize = AtomicUsize::new(0);

/// Stands in for a lock guard or a lease on a batch of outbox rows: holding
/// it means "mine"; dropping it releases it and says so.
struct Lease(&'static str);

impl Lease {
    fn take(name: &'static str) -> Lease {
        LIVE_LEASES.fetch_add(1, Ordering::SeqCst);
        println!("took {name}");
        Lease(name)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        LIVE_LEASES.fetch_sub(1, Ordering::SeqCst);
        println!("released {}", self.0);
    }
}

/// Number of leases alive at this moment.
fn live_leases() -> usize {
    LIVE_LEASES.load(Ordering::SeqCst)
}

fn main() {
    // ANCHOR: quiet
    // The leading underscore says "not used yet" and silences the warning.
    let _poll_timeout_ms = 5_000;
    // ANCHOR_END: quiet

    // ANCHOR: underscore
    let _batch = Lease::take("batch 7");
    let _ = Lease::take("batch 8"); // `_` binds nothing: dropped right here
    println!("leases held while working: {}", live_leases());
    // ANCHOR_END: underscore

    // ANCHOR: place
    let batch_9 = Lease::take("batch 9");
    let _ = batch_9; // names an existing value: nothing moves, nothing is dropped
    println!("leases held after `let _ = batch_9`: {}", live_leases());
    // ANCHOR_END: place
} // end of scope: `batch_9`, then `_batch`, are dropped (reverse order)

#[cfg(test)]
mod tests {
    use super::*;

    // One test, not two: the lease counter is a global, and tests run in
    // parallel threads.
    #[test]
    fn underscore_drops_a_fresh_value_and_leaves_a_named_one_alone() {
        let _kept = Lease::take("kept");
        let _ = Lease::take("discarded"); // a fresh value: dropped at once
        assert_eq!(live_leases(), 1);

        let named = Lease::take("named");
        let _ = named; // an existing binding: nothing moves, nothing drops
        assert_eq!(live_leases(), 2);
        drop(named); // `named` still owns its lease
        drop(_kept);
        assert_eq!(live_leases(), 0);
    }
}
