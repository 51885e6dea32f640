//! Lesson 10.2: the other shape of a pool. A fixed set of N long-lived
//! workers pulls jobs from one bounded queue; the queue's capacity slows the
//! producer down, and N caps the work in flight.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

/// Jobs in flight now, and the most there ever were.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    max: AtomicUsize,
}

/// A scripted broker call: 100 to 300 ms; every seventh job is rejected.
async fn publish(job: u32, in_flight: &InFlight) -> Result<(), String> {
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.max.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100 * (u64::from(job) % 3 + 1))).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    if job.is_multiple_of(7) {
        Err(format!("broker rejected job {job}"))
    } else {
        Ok(())
    }
}

// ANCHOR: worker
/// What one worker did: the jobs it sent and the ones that failed.
#[derive(Debug, Default)]
struct WorkerReport {
    sent: Vec<u32>,
    failed: Vec<(u32, String)>,
}

/// A worker takes the next job from the shared queue until the queue is
/// closed and empty. The lock is held only while waiting for a job, so one
/// worker waits at the queue while the others publish.
async fn worker(queue: Arc<Mutex<mpsc::Receiver<u32>>>, in_flight: Arc<InFlight>) -> WorkerReport {
    let mut report = WorkerReport::default();
    loop {
        let next = queue.lock().await.recv().await;
        let Some(job) = next else {
            return report; // the producer is gone and the queue is drained
        };
        match publish(job, &in_flight).await {
            Ok(()) => report.sent.push(job),
            Err(error) => report.failed.push((job, error)),
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: pool
/// Publishes `jobs` with `workers` workers and a queue of `queue_len` slots.
/// Returns (sent, failed), both sorted.
async fn run_workers(
    jobs: Vec<u32>,
    workers: usize,
    queue_len: usize,
    in_flight: Arc<InFlight>,
) -> (Vec<u32>, Vec<(u32, String)>) {
    let (tx, rx) = mpsc::channel(queue_len);
    let queue = Arc::new(Mutex::new(rx));
    let mut pool = JoinSet::new();
    for _ in 0..workers {
        pool.spawn(worker(Arc::clone(&queue), Arc::clone(&in_flight)));
    }
    for job in jobs {
        // Waits while the queue is full: the producer runs at the workers' pace.
        if tx.send(job).await.is_err() {
            break; // every worker is gone
        }
    }
    drop(tx); // closes the queue: each worker ends after the last job
    let (mut sent, mut failed) = (Vec::new(), Vec::new());
    while let Some(done) = pool.join_next().await {
        let report = done.expect("a worker panicked");
        sent.extend(report.sent);
        failed.extend(report.failed);
    }
    sent.sort();
    failed.sort();
    (sent, failed)
}
// ANCHOR_END: pool

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let in_flight = Arc::new(InFlight::default());
    let started = tokio::time::Instant::now();
    let (sent, failed) = run_workers((101..=115).collect(), 4, 2, Arc::clone(&in_flight)).await;
    println!("sent:   {sent:?}");
    println!("failed: {failed:?}");
    println!(
        "most in flight: {}, done after {} ms of (paused) time",
        in_flight.max.load(Ordering::SeqCst),
        started.elapsed().as_millis()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn n_workers_means_at_most_n_in_flight() {
        let in_flight = Arc::new(InFlight::default());
        run_workers((101..=130).collect(), 3, 1, Arc::clone(&in_flight)).await;
        assert_eq!(in_flight.max.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn every_job_is_handled_exactly_once() {
        let jobs: Vec<u32> = (101..=150).collect();
        let (sent, failed) = run_workers(jobs.clone(), 4, 8, Arc::default()).await;
        let mut seen = sent;
        seen.extend(failed.iter().map(|(job, _)| *job));
        seen.sort();
        assert_eq!(seen, jobs);
        assert_eq!(failed.len(), 7); // 105, 112, …, 147
    }

    #[tokio::test(start_paused = true)]
    async fn two_workers_take_three_rounds_for_six_equal_jobs() {
        let started = Instant::now();
        run_workers(vec![103, 106, 109, 115, 118, 121], 2, 1, Arc::default()).await;
        assert_eq!(started.elapsed(), Duration::from_millis(600));
    }
}
