//! Lesson 01.1: `const`, `static` and `let` side by side.
//!
//! Run with `cargo run -p m01-core-foundations --example const_static`.

use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: items
/// Upper bound for one poll of the outbox. A `const` is a value with a name:
/// the compiler pastes it into every place that uses it.
const MAX_BATCH_SIZE: usize = 500;

/// Constants can be computed from other constants at compile time.
const POLL_INTERVAL_MS: u64 = 2 * 250;

/// The outbox is split into this many shards (say, by aggregate id).
const SHARDS: usize = 4;

/// A `static` is one value at one fixed address for the whole run.
static RELAY_NAME: &str = "outbox-relay";

/// A mutable global must make its own sharing safe: an atomic counter can be
/// bumped through a shared `static` from any thread without `unsafe`.
static MESSAGES_SENT: AtomicU64 = AtomicU64::new(0);
// ANCHOR_END: items

/// Stands in for a value read from configuration at start-up.
fn requested_batch_size() -> usize {
    120
}

/// Records one published message and returns the new total.
fn record_sent() -> u64 {
    MESSAGES_SENT.fetch_add(1, Ordering::Relaxed) + 1
}

fn main() {
    // ANCHOR: use
    // A const works where the compiler needs a value up front: an array length.
    let last_seen = [0_i64; SHARDS];
    // A `let` holds what is only known at run time.
    let batch_size = requested_batch_size().min(MAX_BATCH_SIZE);

    record_sent();
    let sent = record_sent();

    println!("{RELAY_NAME}: batch {batch_size} of max {MAX_BATCH_SIZE}");
    println!(
        "poll every {POLL_INTERVAL_MS} ms, {} shards",
        last_seen.len()
    );
    println!("sent so far: {sent}");
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_computed_at_compile_time() {
        assert_eq!(POLL_INTERVAL_MS, 500);
        assert_eq!(MAX_BATCH_SIZE, 500);
        assert_eq!([0_i64; SHARDS].len(), 4);
    }

    #[test]
    fn the_static_counter_only_grows() {
        let before = MESSAGES_SENT.load(Ordering::Relaxed);
        let after = record_sent();
        assert!(after > before);
        assert_eq!(RELAY_NAME, "outbox-relay");
    }
}
