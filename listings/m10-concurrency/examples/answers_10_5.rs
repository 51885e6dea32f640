//! Answers to the exercises of lesson 10.5 (graceful shutdowns).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A job: an id and how long it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Job {
    id: u64,
    cost: Duration,
}

/// The queue of `shutdown_drain.rs`, cut down to what the answer needs:
/// jobs ready to be taken, and the ids that are done.
#[derive(Debug, Clone, Default)]
struct Queue(Arc<Mutex<(VecDeque<Job>, Vec<u64>)>>);

impl Queue {
    fn ack(&self, id: u64) {
        self.0.lock().expect("queue poisoned").1.push(id);
    }

    fn release(&self, job: Job) {
        self.0.lock().expect("queue poisoned").0.push_front(job);
    }

    fn ready(&self) -> Vec<u64> {
        let slots = self.0.lock().expect("queue poisoned");
        slots.0.iter().map(|j| j.id).collect()
    }

    fn done(&self) -> Vec<u64> {
        self.0.lock().expect("queue poisoned").1.clone()
    }
}

// ANCHOR: answer3
/// `run_job` with a budget: a job that takes longer than `budget` is
/// released, exactly like a job cut off by the shutdown deadline, and the
/// service carries on. Returns what happened, for the log.
async fn run_job(job: Job, queue: Queue, token: CancellationToken, budget: Duration) -> String {
    let work = token.run_until_cancelled(time::sleep(job.cost));
    match time::timeout(budget, work).await {
        Ok(Some(())) => {
            queue.ack(job.id);
            format!("finished job {}", job.id)
        }
        Ok(None) => {
            queue.release(job);
            format!("job {} stopped by the shutdown, released", job.id)
        }
        Err(_over_budget) => {
            queue.release(job);
            format!("job {} over budget, released", job.id)
        }
    }
}
// ANCHOR_END: answer3

/// Runs three jobs at once with a 200 ms budget each, on a tracker, and
/// returns the log lines with their times.
async fn three_jobs() -> (Vec<String>, Queue) {
    let (queue, root, tracker) = (
        Queue::default(),
        CancellationToken::new(),
        TaskTracker::new(),
    );
    let start = Instant::now();
    let log = Arc::new(Mutex::new(Vec::new()));
    for (id, ms) in [(1, 50), (2, 500), (3, 150)] {
        let job = Job {
            id,
            cost: Duration::from_millis(ms),
        };
        let (queue, token, log) = (queue.clone(), root.child_token(), Arc::clone(&log));
        tracker.spawn(async move {
            let line = run_job(job, queue, token, Duration::from_millis(200)).await;
            let at = start.elapsed().as_millis();
            log.lock()
                .expect("log poisoned")
                .push(format!("t={at:>4} ms  {line}"));
        });
    }
    tracker.close();
    tracker.wait().await;
    let lines = log.lock().expect("log poisoned").clone();
    (lines, queue)
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let (lines, queue) = runtime.block_on(three_jobs());
    for line in lines {
        println!("3. {line}");
    }
    println!(
        "3. done {:?}, queued again {:?}",
        queue.done(),
        queue.ready()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_job_over_budget_is_released_and_the_others_finish() {
        let started = Instant::now();
        let (lines, queue) = three_jobs().await;
        assert_eq!(queue.done(), [1, 3]);
        assert_eq!(queue.ready(), [2]);
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("job 2 over budget, released"))
        );
        // The budget, not the job's 500 ms, decided when it ended.
        assert_eq!(started.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn a_shutdown_still_releases_a_job_within_its_budget() {
        let (queue, token) = (Queue::default(), CancellationToken::new());
        let job = Job {
            id: 7,
            cost: Duration::from_millis(100),
        };
        token.cancel();
        let line = run_job(job, queue.clone(), token, Duration::from_millis(200)).await;
        assert_eq!(line, "job 7 stopped by the shutdown, released");
        assert_eq!(queue.ready(), [7]);
    }
}
