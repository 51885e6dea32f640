//! Lesson 07.3, pitfalls: two things a runtime does that surprise people.
//! Blocking on a runtime from inside one panics, and dropping a runtime
//! waits for every `spawn_blocking` job that is still running.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

// ANCHOR: nested
/// A sync helper that wants an async result, called from async code.
fn count_pending_blocking() -> usize {
    // Fine from a plain thread; panics when the thread is driving a runtime.
    tokio::runtime::Handle::current().block_on(async { 3 })
}

async fn relay_step() -> usize {
    count_pending_blocking() // should be an async fn, awaited
}
// ANCHOR_END: nested

// ANCHOR: drop_waits
/// Starts a blocking job that takes 50 ms, then drops the runtime at once. Returns whether the job had finished when the drop returned.
fn drop_waits_for_blocking_jobs() -> bool {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
    let finished = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&finished);
    runtime.spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(50)); // a slow sync call
        flag.store(true, Ordering::SeqCst);
    });
    drop(runtime); // blocks until the blocking job has returned
    finished.load(Ordering::SeqCst)
}

/// The same, but `shutdown_timeout` stops waiting after 10 ms and leaves
/// the job running on its thread.
fn shutdown_timeout_does_not_wait() -> bool {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
    let finished = Arc::new(AtomicBool::new(false));
    let (release, wait) = mpsc::channel::<()>();
    let flag = Arc::clone(&finished);
    runtime.spawn_blocking(move || {
        let _ = wait.recv(); // blocks until released
        flag.store(true, Ordering::SeqCst);
    });
    runtime.shutdown_timeout(Duration::from_millis(10));
    let done_at_shutdown = finished.load(Ordering::SeqCst);
    let _ = release.send(()); // let the leaked job end
    done_at_shutdown
}
// ANCHOR_END: drop_waits

fn main() {
    std::panic::set_hook(Box::new(|_| {})); // the message is printed below
    let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
    let nested = std::panic::catch_unwind(|| runtime.block_on(relay_step()));
    let message = nested
        .expect_err("block_on inside a runtime panics")
        .downcast::<&str>()
        .map(|m| m.split('.').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    println!("nested block_on: panicked with \"{message}\"");
    println!(
        "drop(runtime): blocking job finished first: {}",
        drop_waits_for_blocking_jobs()
    );
    println!(
        "shutdown_timeout: blocking job finished first: {}",
        shutdown_timeout_does_not_wait()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    #[should_panic(expected = "Cannot start a runtime from within a runtime")]
    async fn block_on_inside_a_runtime_panics() {
        relay_step().await;
    }

    #[test]
    fn block_on_from_a_plain_thread_is_fine() {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime can be built");
        let handle = runtime.handle().clone();
        let rows = std::thread::spawn(move || {
            let _guard = handle.enter();
            count_pending_blocking()
        })
        .join()
        .expect("no panic");
        assert_eq!(rows, 3);
    }

    #[test]
    fn dropping_a_runtime_waits_for_spawn_blocking() {
        assert!(drop_waits_for_blocking_jobs());
        assert!(!shutdown_timeout_does_not_wait());
    }
}
