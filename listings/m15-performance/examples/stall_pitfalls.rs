//! Lesson 15.3: runtime pitfalls of blocking code, each run and its outcome
//! printed. The panics are caught and their messages shown, so the program
//! itself ends normally.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The message of a caught panic (`panic!` carries a `&str` or a `String`).
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(not a string)".into())
}

// ANCHOR: block_on_inside
/// A sync helper that waits for async work with `block_on`: fine from a
/// plain thread, a panic from a task.
fn archive_now() -> usize {
    tokio::runtime::Handle::current().block_on(async { 64 })
}

async fn block_on_inside_a_runtime() -> String {
    match tokio::spawn(async { archive_now() }).await {
        Ok(n) => format!("returned {n}"),
        Err(failed) => panic_text(failed.into_panic().as_ref()),
    }
}
// ANCHOR_END: block_on_inside

// ANCHOR: timeout_does_not_stop
/// A timeout around `spawn_blocking` stops the *waiting*, not the call: the
/// closure runs to its end on the blocking pool, holding its thread.
async fn timeout_leaves_the_call_running() -> (bool, bool) {
    let finished = Arc::new(AtomicBool::new(false));
    let call = {
        let finished = Arc::clone(&finished);
        tokio::task::spawn_blocking(move || {
            std::thread::sleep(Duration::from_millis(100)); // the slow call
            finished.store(true, Ordering::SeqCst);
        })
    };
    let timed_out = tokio::time::timeout(Duration::from_millis(10), call)
        .await
        .is_err();
    tokio::time::sleep(Duration::from_millis(300)).await;
    (timed_out, finished.load(Ordering::SeqCst))
}
// ANCHOR_END: timeout_does_not_stop

// ANCHOR: block_in_place_current_thread
/// `block_in_place` needs another worker to hand the queue to.
fn block_in_place_on_current_thread() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let outcome =
        std::panic::catch_unwind(|| runtime.block_on(async { tokio::task::block_in_place(|| 64) }));
    match outcome {
        Ok(n) => format!("returned {n}"),
        Err(payload) => panic_text(payload.as_ref()),
    }
}
// ANCHOR_END: block_in_place_current_thread

fn main() {
    // The default hook would print each caught panic with a path into
    // tokio's sources; the messages are printed below instead.
    std::panic::set_hook(Box::new(|_| {}));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!("block_on inside a runtime:");
    println!(
        "  panicked: {}",
        runtime.block_on(block_on_inside_a_runtime())
    );
    let (timed_out, finished) = runtime.block_on(timeout_leaves_the_call_running());
    println!("a 10 ms timeout around a 100 ms spawn_blocking call:");
    println!("  timed out: {timed_out}; the call still finished: {finished}");
    drop(runtime);
    println!("block_in_place on a current-thread runtime:");
    println!("  panicked: {}", block_in_place_on_current_thread());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn block_on_inside_a_task_panics() {
        let message = block_on_inside_a_runtime().await;
        assert!(
            message.starts_with("Cannot start a runtime from within a runtime"),
            "{message}"
        );
    }

    #[test]
    fn block_on_from_a_plain_thread_is_fine() {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let handle = runtime.handle().clone();
        let n = std::thread::spawn(move || {
            let _entered = handle.enter();
            archive_now()
        })
        .join()
        .expect("no panic");
        assert_eq!(n, 64);
    }

    #[tokio::test]
    async fn a_timed_out_blocking_call_runs_to_its_end() {
        assert_eq!(timeout_leaves_the_call_running().await, (true, true));
    }

    #[test]
    fn block_in_place_needs_a_multi_thread_runtime() {
        let message = block_in_place_on_current_thread();
        assert!(message.contains("multi-threaded runtime"), "{message}");
    }
}
