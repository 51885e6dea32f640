//! Lesson 07.4: what does and does not cancel a spawned task, and how a
//! `Drop` guard runs cleanup however a future ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time;

/// A shared, ordered log of what happened, so the output is deterministic.
#[derive(Debug, Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, line: impl Into<String>) {
        self.0.lock().expect("log mutex poisoned").push(line.into());
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().expect("log mutex poisoned").clone()
    }
}

// ANCHOR: guard
/// Marks a message as in flight for as long as the guard lives. `Drop` runs
/// when the owning future completes, returns early, panics, or is dropped
/// mid-way by a timeout or an abort: cleanup that cannot be skipped.
#[derive(Debug)]
struct InFlight {
    message_id: u64,
    log: Log,
}

impl InFlight {
    fn claim(message_id: u64, log: &Log) -> Self {
        log.push(format!("claim {message_id}"));
        InFlight {
            message_id,
            log: log.clone(),
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.log.push(format!("release {}", self.message_id));
    }
}

/// Publishing takes `latency`; the claim is released whatever happens.
async fn publish(message_id: u64, latency: Duration, log: Log) -> u64 {
    let _claim = InFlight::claim(message_id, &log);
    time::sleep(latency).await; // a cancelled publish stops here...
    log.push(format!("published {message_id}")); // ...and never gets here
    message_id
}
// ANCHOR_END: guard

// ANCHOR: detach
/// Dropping a JoinHandle does not stop the task: it runs on, detached.
async fn dropped_handle(log: &Log) {
    let (done_tx, done_rx) = oneshot::channel();
    let task_log = log.clone();
    let handle = tokio::spawn(async move {
        let id = publish(1, Duration::from_millis(100), task_log).await;
        let _ = done_tx.send(id);
    });
    drop(handle); // we can no longer await or abort it
    log.push("handle 1 dropped");
    let id = done_rx.await.expect("the detached task still finishes");
    log.push(format!("detached task reported {id}"));
}
// ANCHOR_END: detach

// ANCHOR: abort
/// `abort` cancels the task at its next `.await`; awaiting the handle then
/// gives a JoinError whose `is_cancelled()` is true.
async fn aborted_task(log: &Log) {
    let handle = tokio::spawn(publish(2, Duration::from_secs(60), log.clone()));
    tokio::task::yield_now().await; // let the task start and claim message 2
    handle.abort();
    match handle.await {
        Ok(id) => log.push(format!("task 2 finished with {id}")),
        Err(error) => log.push(format!("task 2 cancelled: {}", error.is_cancelled())),
    }
}

/// A timeout drops the future it wraps: the same cleanup runs.
async fn timed_out(log: &Log) {
    let result = time::timeout(
        Duration::from_millis(50),
        publish(3, Duration::from_secs(60), log.clone()),
    )
    .await;
    log.push(format!("publish 3 timed out: {}", result.is_err()));
}
// ANCHOR_END: abort

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let log = Log::default();
    runtime.block_on(async {
        dropped_handle(&log).await;
        aborted_task(&log).await;
        timed_out(&log).await;
    });
    for line in log.lines() {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_detached_task_runs_to_completion() {
        let log = Log::default();
        dropped_handle(&log).await;
        assert!(log.lines().contains(&"published 1".to_string()));
    }

    #[tokio::test(start_paused = true)]
    async fn abort_and_timeout_run_the_guard_but_not_the_rest() {
        let log = Log::default();
        aborted_task(&log).await;
        timed_out(&log).await;
        assert_eq!(
            log.lines(),
            [
                "claim 2",
                "release 2",
                "task 2 cancelled: true",
                "claim 3",
                "release 3",
                "publish 3 timed out: true",
            ]
        );
    }
}
