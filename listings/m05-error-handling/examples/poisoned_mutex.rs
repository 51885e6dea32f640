//! Lesson 05.4: mutex poisoning. A std `Mutex` whose holder panicked is
//! marked poisoned, and every later `lock` says so; tokio's `Mutex` has no
//! such flag.

use std::panic;
use std::sync::{Arc, Mutex};
use std::thread;

/// The relay's delivery counters. Invariant: `confirmed == sent` once a
/// batch is fully recorded.
#[derive(Debug, Default)]
struct Delivery {
    sent: u32,
    confirmed: u32,
}

// ANCHOR: poison
/// A thread takes the lock, updates half of the counters, and panics.
fn panic_while_holding(delivery: &Arc<Mutex<Delivery>>) {
    let delivery = Arc::clone(delivery);
    let holder = thread::spawn(move || {
        let mut counts = delivery.lock().expect("not poisoned yet");
        counts.sent += 1;
        if counts.sent == 1 {
            panic!("publisher crashed between the two updates");
        }
        counts.confirmed += 1;
    });
    println!("holder finished with a panic: {}", holder.join().is_err());
}

fn std_mutex() {
    let delivery = Arc::new(Mutex::new(Delivery::default()));
    panic_while_holding(&delivery);
    println!("is_poisoned: {}", delivery.is_poisoned());

    match delivery.lock() {
        Ok(counts) => println!("lock ok: {counts:?}"),
        Err(poisoned) => {
            // The guard is still inside the error: take it to inspect or repair.
            let mut counts = poisoned.into_inner();
            println!("lock poisoned, data: {counts:?}");
            counts.confirmed = counts.sent; // repair the invariant
        }
    }
    delivery.clear_poison();
    println!(
        "after repair and clear_poison: {:?}",
        delivery.lock().map(|c| c.confirmed)
    );
}
// ANCHOR_END: poison

// ANCHOR: tokio
/// The same accident with tokio's `Mutex`: the task's panic becomes a
/// `JoinError`, the guard is dropped, and the next `lock` simply succeeds,
/// handing over the half-updated data without a word.
async fn tokio_mutex() {
    let delivery = Arc::new(tokio::sync::Mutex::new(Delivery::default()));
    let in_task = Arc::clone(&delivery);
    let task = tokio::spawn(async move {
        let mut counts = in_task.lock().await;
        counts.sent += 1;
        if counts.sent == 1 {
            panic!("publisher crashed between the two updates");
        }
        counts.confirmed += 1;
    });
    let join_error = task.await.expect_err("the task panicked");
    println!("task panicked: {}", join_error.is_panic());
    println!("lock ok, data: {:?}", *delivery.lock().await);
}
// ANCHOR_END: tokio

fn main() {
    // Quiet the default hook: the panics here are on purpose, and its
    // stderr output (file:line, backtrace notes) would clutter the result.
    panic::set_hook(Box::new(|_| {}));
    println!("std::sync::Mutex");
    std_mutex();
    println!("tokio::sync::Mutex");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime starts");
    runtime.block_on(tokio_mutex());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_holder_poisons_the_lock() {
        let delivery = Arc::new(Mutex::new(Delivery::default()));
        panic_while_holding(&delivery);
        let poisoned = delivery.lock().expect_err("poisoned");
        assert_eq!(poisoned.into_inner().sent, 1);
        delivery.clear_poison();
        assert!(delivery.lock().is_ok());
    }

    #[tokio::test]
    async fn tokio_mutex_does_not_poison() {
        let delivery = Arc::new(tokio::sync::Mutex::new(Delivery::default()));
        let in_task = Arc::clone(&delivery);
        let result = tokio::spawn(async move {
            let _guard = in_task.lock().await;
            panic!("boom");
        })
        .await;
        assert!(result.expect_err("panicked").is_panic());
        assert_eq!(delivery.lock().await.sent, 0);
    }
}
