//! Lesson 11.3: publishing data through a flag, model-checked with loom.
//!
//! loom runs the closure under every interleaving of the threads (and every
//! value a weakly ordered load may legally return), so a test passes only if
//! the assertion holds in all of them, not just in the ones a real CPU
//! happens to produce today.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use loom::thread;

// ANCHOR: model
/// One writer publishes a payload and raises a flag; one reader checks the
/// flag and, if it is up, reads the payload. `flag_store` and `flag_load` are
/// the orderings on the flag; the payload itself is always `Relaxed`.
fn message_passing(flag_store: Ordering, flag_load: Ordering) {
    loom::model(move || {
        let payload = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));

        let writer = {
            let (payload, ready) = (Arc::clone(&payload), Arc::clone(&ready));
            thread::spawn(move || {
                payload.store(42, Ordering::Relaxed);
                ready.store(true, flag_store);
            })
        };

        if ready.load(flag_load) {
            // The flag is up: the payload written before it must be visible.
            assert_eq!(
                payload.load(Ordering::Relaxed),
                42,
                "saw the flag, not the data"
            );
        }
        writer.join().expect("the writer does not panic");
    });
}

#[test]
fn release_acquire_publishes_the_payload() {
    message_passing(Ordering::Release, Ordering::Acquire);
}

#[test]
#[should_panic(expected = "saw the flag, not the data")]
fn relaxed_flag_can_be_seen_before_the_payload() {
    message_passing(Ordering::Relaxed, Ordering::Relaxed);
}
// ANCHOR_END: model

// ANCHOR: answer2
/// Exercise 2 of lesson 11.3: a Release store with a Relaxed load. The
/// Release is only half of the pair, so the reader may still see the flag
/// and miss the payload.
#[test]
#[should_panic(expected = "saw the flag, not the data")]
fn release_without_acquire_is_not_enough() {
    message_passing(Ordering::Release, Ordering::Relaxed);
}
// ANCHOR_END: answer2
