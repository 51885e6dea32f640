//! Lesson 11.3: two locks taken in opposite orders, model-checked with loom.
//!
//! loom's `Mutex` knows which thread holds it. When every thread is blocked
//! waiting for a lock, loom panics with "deadlock" instead of hanging, so a
//! deadlock that a real run would hit once in a million becomes a test
//! failure every time.

use loom::sync::{Arc, Mutex};
use loom::thread;

// ANCHOR: model
/// Two accounts, each behind its own lock.
struct Accounts {
    a: Mutex<i64>,
    b: Mutex<i64>,
}

/// Moves `amount` from `a` to `b`: locks `a`, then `b`.
fn a_to_b(accounts: &Accounts, amount: i64) {
    let mut a = accounts.a.lock().expect("not poisoned");
    let mut b = accounts.b.lock().expect("not poisoned");
    *a -= amount;
    *b += amount;
}

/// Moves `amount` from `b` to `a`, locking `b` first: the opposite order.
fn b_to_a_wrong_order(accounts: &Accounts, amount: i64) {
    let mut b = accounts.b.lock().expect("not poisoned");
    let mut a = accounts.a.lock().expect("not poisoned");
    *b -= amount;
    *a += amount;
}

/// Moves `amount` from `b` to `a`, locking in the one global order: `a`, then `b`.
fn b_to_a_global_order(accounts: &Accounts, amount: i64) {
    let mut a = accounts.a.lock().expect("not poisoned");
    let mut b = accounts.b.lock().expect("not poisoned");
    *b -= amount;
    *a += amount;
}

fn run_both(second: fn(&Accounts, i64)) {
    loom::model(move || {
        let accounts = Arc::new(Accounts {
            a: Mutex::new(100),
            b: Mutex::new(100),
        });
        let other = {
            let accounts = Arc::clone(&accounts);
            thread::spawn(move || a_to_b(&accounts, 10))
        };
        second(&accounts, 30);
        other.join().expect("no panic");
        let total = *accounts.a.lock().expect("ok") + *accounts.b.lock().expect("ok");
        assert_eq!(total, 200, "money is neither created nor lost");
    });
}

#[test]
fn one_global_order_never_deadlocks() {
    run_both(b_to_a_global_order);
}

/// loom reports the deadlock by panicking, and its own clean-up then panics
/// again while unwinding, which aborts the process. So the failing model runs
/// in a child copy of this test binary, and this test reads what it printed.
#[test]
fn opposite_orders_can_deadlock() {
    let exe = std::env::current_exe().expect("the test binary's path");
    let child = std::process::Command::new(exe)
        .args([
            "--exact",
            "opposite_orders_model",
            "--ignored",
            "--nocapture",
        ])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(!child.status.success(), "the model passed:\n{stderr}");
    assert!(stderr.contains("deadlock; threads"), "{stderr}");
}

#[test]
#[ignore = "aborts the process; run by `opposite_orders_can_deadlock` in a child"]
fn opposite_orders_model() {
    run_both(b_to_a_wrong_order);
}
// ANCHOR_END: model
