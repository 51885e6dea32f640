//! Lesson 11.3: a `Mutex` owns its data; the guard is the only way in, and
//! dropping the guard unlocks.

use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: ledger
/// What a relay has confirmed, shared by the threads that publish.
#[derive(Debug, Default)]
struct Ledger {
    confirmed: Vec<u64>,
    bytes: u64,
}

/// Records one confirmed message. The two fields change together, under one
/// lock, so no thread ever sees a message counted in one and not the other.
fn record(ledger: &Mutex<Ledger>, id: u64, bytes: u64) {
    // lock() returns Err only if another thread panicked while holding the
    // lock (see "Poisoning" below); this example treats that as a bug.
    let mut guard = ledger.lock().expect("ledger lock poisoned");
    guard.confirmed.push(id);
    guard.bytes += bytes;
} // `guard` is dropped here, and dropping it unlocks the mutex.
// ANCHOR_END: ledger

// ANCHOR: threads
fn publish_from_threads(threads: u64, per_thread: u64) -> Ledger {
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let ledger = Arc::clone(&ledger);
            thread::spawn(move || {
                for i in 0..per_thread {
                    record(&ledger, t * per_thread + i, 100);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a publishing thread panicked");
    }
    // Every other handle is gone: take the ledger out of the Arc, then out of
    // the Mutex. Neither step locks anything.
    let mutex = Arc::into_inner(ledger).expect("the threads dropped their handles");
    mutex.into_inner().expect("ledger lock poisoned")
}
// ANCHOR_END: threads

// ANCHOR: short_guard
/// Copies what it needs and unlocks before doing slow work.
fn report(ledger: &Mutex<Ledger>) -> String {
    let (count, bytes) = {
        let guard = ledger.lock().expect("ledger lock poisoned");
        (guard.confirmed.len(), guard.bytes)
    }; // unlocked here, before the formatting below
    format!("{count} messages, {bytes} bytes")
}
// ANCHOR_END: short_guard

fn main() {
    let mut ledger = publish_from_threads(4, 250);
    ledger.confirmed.sort_unstable();
    println!(
        "confirmed {} ids, first {:?}, last {:?}, {} bytes",
        ledger.confirmed.len(),
        ledger.confirmed.first(),
        ledger.confirmed.last(),
        ledger.bytes
    );

    // ANCHOR: get_mut
    let mut shared = Mutex::new(Ledger::default());
    // `&mut Mutex` proves nobody else can hold it: no locking needed.
    shared.get_mut().expect("not poisoned").bytes = 7;
    record(&shared, 1, 3);
    println!("{}", report(&shared));
    // ANCHOR_END: get_mut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_update_is_lost() {
        let ledger = publish_from_threads(8, 500);
        assert_eq!(ledger.confirmed.len(), 4000);
        assert_eq!(ledger.bytes, 400_000);
        let mut ids = ledger.confirmed;
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 4000, "every id exactly once");
    }

    #[test]
    fn the_guard_unlocks_when_dropped() {
        let ledger = Mutex::new(Ledger::default());
        let guard = ledger.lock().expect("fresh");
        assert!(ledger.try_lock().is_err(), "locked while the guard lives");
        drop(guard);
        assert!(ledger.try_lock().is_ok(), "unlocked after the drop");
    }
}
