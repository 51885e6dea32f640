//! Lesson 11.3: `parking_lot`'s locks next to std's.

use std::mem::size_of;
use std::sync::Arc;
use std::thread;

// ANCHOR: no_poison
fn parking_lot_has_no_poisoning() -> i64 {
    let counter = Arc::new(parking_lot::Mutex::new(0_i64));
    let crashed = {
        let counter = Arc::clone(&counter);
        thread::spawn(move || {
            let mut n = counter.lock(); // a guard, not a Result
            *n += 1;
            panic!("boom while holding the lock");
        })
        .join()
    };
    assert!(crashed.is_err());
    // The guard was dropped during unwinding, which unlocked the mutex; no
    // flag records that a panic happened.
    // (A named value, not a `*counter.lock()` tail: before edition 2024 the
    // guard of a tail expression outlived `counter` and this did not compile.)
    #[allow(clippy::let_and_return)]
    let value = *counter.lock();
    value
}
// ANCHOR_END: no_poison

// ANCHOR: fair
/// Hands the lock to a waiting thread directly instead of letting this
/// thread (which is on the CPU and will likely lock again) take it back.
fn append_fairly(log: &parking_lot::Mutex<Vec<u32>>, value: u32) {
    let mut guard = log.lock();
    guard.push(value);
    parking_lot::MutexGuard::unlock_fair(guard);
}
// ANCHOR_END: fair

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    println!(
        "after a panic, the count is {}",
        parking_lot_has_no_poisoning()
    );

    let log = parking_lot::Mutex::new(Vec::new());
    thread::scope(|scope| {
        for t in 0..4 {
            let log = &log;
            scope.spawn(move || (0..25).for_each(|i| append_fairly(log, t * 100 + i)));
        }
    });
    println!("entries appended fairly: {}", log.lock().len());

    // ANCHOR: sizes
    println!(
        "size of Mutex<()>:   std {:>2} bytes, parking_lot {:>2}",
        size_of::<std::sync::Mutex<()>>(),
        size_of::<parking_lot::Mutex<()>>()
    );
    println!(
        "size of Mutex<u8>:   std {:>2} bytes, parking_lot {:>2}",
        size_of::<std::sync::Mutex<u8>>(),
        size_of::<parking_lot::Mutex<u8>>()
    );
    println!(
        "size of RwLock<u64>: std {:>2} bytes, parking_lot {:>2}",
        size_of::<std::sync::RwLock<u64>>(),
        size_of::<parking_lot::RwLock<u64>>()
    );
    // ANCHOR_END: sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_leaves_the_lock_usable_and_the_update_visible() {
        assert_eq!(parking_lot_has_no_poisoning(), 1);
    }

    #[test]
    fn fair_unlock_loses_nothing() {
        let log = parking_lot::Mutex::new(Vec::new());
        thread::scope(|scope| {
            for t in 0..4 {
                let log = &log;
                scope.spawn(move || (0..50).for_each(|i| append_fairly(log, t * 100 + i)));
            }
        });
        assert_eq!(log.lock().len(), 200);
    }
}
