//! Lesson 11.3: two locks taken in opposite orders, shown deterministically
//! with `try_lock`, and the fix: one global order.

use std::sync::{Barrier, Mutex, TryLockError};
use std::thread;

// ANCHOR: accounts
#[derive(Debug)]
struct Account {
    id: u32,
    balance: Mutex<i64>,
}

/// Locks both accounts in one global order (by id), whatever the direction
/// of the transfer, then moves the money.
fn transfer(from: &Account, to: &Account, amount: i64) {
    assert_ne!(from.id, to.id, "a transfer needs two accounts");
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut a = first.balance.lock().expect("not poisoned");
    let mut b = second.balance.lock().expect("not poisoned");
    let (from_balance, to_balance) = if from.id < to.id {
        (&mut *a, &mut *b)
    } else {
        (&mut *b, &mut *a)
    };
    *from_balance -= amount;
    *to_balance += amount;
}
// ANCHOR_END: accounts

// ANCHOR: opposite
/// Two threads, each holding the lock the other wants next. With `lock()`
/// both would wait forever; `try_lock()` lets us see the cycle and stop.
fn opposite_orders(x: &Account, y: &Account) -> [bool; 2] {
    let both_hold_one = Barrier::new(2);
    let attempt = |mine: &Account, theirs: &Account| {
        let _held = mine.balance.lock().expect("not poisoned");
        both_hold_one.wait(); // now each thread holds its first lock
        let would_block = matches!(theirs.balance.try_lock(), Err(TryLockError::WouldBlock));
        both_hold_one.wait(); // both have tried before either unlocks
        would_block
    };
    thread::scope(|scope| {
        let one = scope.spawn(|| attempt(x, y));
        let two = scope.spawn(|| attempt(y, x));
        [one.join().expect("no panic"), two.join().expect("no panic")]
    })
}
// ANCHOR_END: opposite

fn main() {
    let a = Account {
        id: 1,
        balance: Mutex::new(100),
    };
    let b = Account {
        id: 2,
        balance: Mutex::new(100),
    };
    println!(
        "opposite orders, would block: {:?}",
        opposite_orders(&a, &b)
    );

    thread::scope(|scope| {
        scope.spawn(|| (0..1_000).for_each(|_| transfer(&a, &b, 1)));
        scope.spawn(|| (0..1_000).for_each(|_| transfer(&b, &a, 2)));
    });
    let (x, y) = (
        *a.balance.lock().expect("ok"),
        *b.balance.lock().expect("ok"),
    );
    println!("global order: a = {x}, b = {y}, total = {}", x + y);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opposite_orders_form_a_cycle() {
        let a = Account {
            id: 1,
            balance: Mutex::new(0),
        };
        let b = Account {
            id: 2,
            balance: Mutex::new(0),
        };
        assert_eq!(opposite_orders(&a, &b), [true, true]);
    }

    #[test]
    fn transfers_both_ways_finish_and_conserve_money() {
        let a = Account {
            id: 1,
            balance: Mutex::new(0),
        };
        let b = Account {
            id: 2,
            balance: Mutex::new(0),
        };
        thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| (0..2_000).for_each(|_| transfer(&a, &b, 3)));
                scope.spawn(|| (0..2_000).for_each(|_| transfer(&b, &a, 3)));
            }
        });
        assert_eq!(*a.balance.lock().expect("ok"), 0);
        assert_eq!(*b.balance.lock().expect("ok"), 0);
    }
}
