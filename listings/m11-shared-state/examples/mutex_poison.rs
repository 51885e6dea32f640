//! Lesson 11.3: a panic while a `std::sync::Mutex` is locked poisons it.

use std::sync::{Mutex, PoisonError};
use std::thread;

// ANCHOR: transfer
#[derive(Debug)]
struct Balances {
    available: i64,
    reserved: i64,
}

/// Moves `amount` from available to reserved: two steps, one invariant
/// (their sum never changes). A panic between the steps breaks it.
fn reserve(balances: &Mutex<Balances>, amount: i64) {
    let mut b = balances.lock().expect("balances poisoned");
    b.available -= amount;
    assert!(amount <= 100, "amount {amount} over the limit"); // a bug, mid-update
    b.reserved += amount;
}
// ANCHOR_END: transfer

fn main() {
    // Print panics in one short line, so the output is stable.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map_or("?", |s| s.as_str());
        println!("[a thread panicked: {message}]");
    }));

    // ANCHOR: poison
    let balances = Mutex::new(Balances {
        available: 500,
        reserved: 0,
    });
    thread::scope(|scope| {
        scope.spawn(|| reserve(&balances, 50));
    });
    let crashed = thread::scope(|scope| scope.spawn(|| reserve(&balances, 300)).join());
    println!("second thread panicked: {}", crashed.is_err());
    println!("poisoned: {}", balances.is_poisoned());

    match balances.lock() {
        Ok(b) => println!("locked normally: {b:?}"),
        Err(poisoned) => {
            // The data is still there; the error only tells us a panic
            // happened while it was locked. Decide whether it is usable.
            let b = poisoned.into_inner();
            println!("recovered: {b:?}, sum {}", b.available + b.reserved);
        }
    }
    // ANCHOR_END: poison

    // ANCHOR: clear
    // Repair the invariant, then clear the flag so later lock() calls succeed.
    {
        let mut b = balances.lock().unwrap_or_else(PoisonError::into_inner);
        b.available = 500 - b.reserved;
    }
    balances.clear_poison();
    println!(
        "after repair: {:?}",
        balances.lock().expect("no longer poisoned")
    );
    // ANCHOR_END: clear
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_poisons_and_into_inner_recovers_the_half_update() {
        let balances = Mutex::new(Balances {
            available: 500,
            reserved: 0,
        });
        let crashed = std::panic::catch_unwind(|| reserve(&balances, 300));
        assert!(crashed.is_err());
        assert!(balances.is_poisoned());
        let b = balances.lock().unwrap_or_else(PoisonError::into_inner);
        // The first step happened, the second did not: poisoning undoes nothing.
        assert_eq!((b.available, b.reserved), (200, 0));
    }

    #[test]
    fn no_panic_no_poison() {
        let balances = Mutex::new(Balances {
            available: 500,
            reserved: 0,
        });
        reserve(&balances, 100);
        assert!(!balances.is_poisoned());
    }
}
