//! Answers to the exercises of lesson 10.2.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Jobs in flight now, and the most there ever were (as in the lesson).
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    max: AtomicUsize,
}

/// The lesson's scripted broker call: 100 to 300 ms, every seventh job
/// rejected, and a panic on job 113.
async fn publish(job: u32, in_flight: &InFlight) -> Result<(), String> {
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.max.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100 * (u64::from(job) % 3 + 1))).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    if job == 113 {
        panic!("poison message {job}");
    }
    if job.is_multiple_of(7) {
        return Err(format!("broker rejected job {job}"));
    }
    Ok(())
}

mod answer1 {
    use super::{InFlight, publish};
    use std::sync::Arc;
    use std::sync::atomic::Ordering;
    use tokio::sync::Semaphore;
    use tokio::task::JoinSet;

    // ANCHOR: answer1
    /// The permit taken *inside* the task. Returns (most jobs in flight,
    /// most tasks alive in the set).
    pub(crate) async fn acquire_inside(jobs: Vec<u32>, limit: usize) -> (usize, usize) {
        let in_flight = Arc::new(InFlight::default());
        let slots = Arc::new(Semaphore::new(limit));
        let mut tasks = JoinSet::new();
        let mut most_tasks = 0;
        for job in jobs {
            let (slots, in_flight) = (Arc::clone(&slots), Arc::clone(&in_flight));
            tasks.spawn(async move {
                let _permit = slots.acquire().await.expect("never closed");
                publish(job, &in_flight).await
            });
            most_tasks = most_tasks.max(tasks.len());
        }
        while tasks.join_next().await.is_some() {}
        (in_flight.max.load(Ordering::SeqCst), most_tasks)
    }
    // ANCHOR_END: answer1
}

mod answer2 {
    use super::{InFlight, publish};
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::sync::Semaphore;
    use tokio::task::JoinSet;

    // ANCHOR: answer2
    /// Every job gets `per_job` to finish; a slow one becomes a failure
    /// instead of holding its slot. Returns (sent, failed), sorted.
    pub(crate) async fn with_timeout(
        jobs: Vec<u32>,
        limit: usize,
        per_job: Duration,
    ) -> (Vec<u32>, Vec<(u32, String)>) {
        let in_flight = Arc::new(InFlight::default());
        let slots = Arc::new(Semaphore::new(limit));
        let mut tasks = JoinSet::new();
        for job in jobs {
            let permit = Arc::clone(&slots)
                .acquire_owned()
                .await
                .expect("never closed");
            let in_flight = Arc::clone(&in_flight);
            tasks.spawn(async move {
                let _permit = permit;
                let outcome = match tokio::time::timeout(per_job, publish(job, &in_flight)).await {
                    Ok(outcome) => outcome,
                    Err(_elapsed) => Err(format!("job {job} timed out after {per_job:?}")),
                };
                (job, outcome)
            });
        }
        let (mut sent, mut failed) = (Vec::new(), Vec::new());
        while let Some(done) = tasks.join_next().await {
            match done.expect("no job panics in this answer") {
                (job, Ok(())) => sent.push(job),
                (job, Err(error)) => failed.push((job, error)),
            }
        }
        sent.sort();
        failed.sort();
        (sent, failed)
    }
    // ANCHOR_END: answer2
}

mod answer3 {
    use super::{InFlight, publish};
    use futures::FutureExt as _;
    use std::panic::AssertUnwindSafe;
    use std::sync::Arc;
    use tokio::sync::{Mutex, mpsc};
    use tokio::task::JoinSet;

    // ANCHOR: answer3
    /// A worker that survives a panicking job: the panic is caught around the
    /// one job, recorded as its failure, and the worker takes the next job.
    async fn worker(
        queue: Arc<Mutex<mpsc::Receiver<u32>>>,
        in_flight: Arc<InFlight>,
    ) -> Vec<(u32, Result<(), String>)> {
        let mut done = Vec::new();
        loop {
            let next = queue.lock().await.recv().await;
            let Some(job) = next else { return done };
            let outcome = AssertUnwindSafe(publish(job, &in_flight))
                .catch_unwind()
                .await
                .unwrap_or_else(|_panic| Err(format!("job {job} panicked")));
            done.push((job, outcome));
        }
    }
    // ANCHOR_END: answer3

    /// The lesson's `run_workers`, with the worker above; every outcome, sorted.
    pub(crate) async fn run_workers(
        jobs: Vec<u32>,
        workers: usize,
    ) -> Vec<(u32, Result<(), String>)> {
        let (tx, rx) = mpsc::channel(1);
        let queue = Arc::new(Mutex::new(rx));
        let in_flight = Arc::new(InFlight::default());
        let mut pool = JoinSet::new();
        for _ in 0..workers {
            pool.spawn(worker(Arc::clone(&queue), Arc::clone(&in_flight)));
        }
        for job in jobs {
            if tx.send(job).await.is_err() {
                break;
            }
        }
        drop(tx);
        let mut all = Vec::new();
        while let Some(done) = pool.join_next().await {
            all.extend(done.expect("workers catch their jobs' panics"));
        }
        all.sort();
        all
    }
}

mod answer4 {
    use super::{InFlight, publish};
    use std::sync::Arc;
    use std::sync::atomic::Ordering;
    use tokio::task::JoinSet;

    // ANCHOR: answer4
    /// Workers on a multi-consumer channel: each holds its own clone of the
    /// receiver, and the channel hands each job to exactly one of them. No lock.
    pub(crate) async fn run_workers(jobs: Vec<u32>, workers: usize) -> (Vec<u32>, usize) {
        let (tx, rx) = smol::channel::bounded::<u32>(1);
        let in_flight = Arc::new(InFlight::default());
        let mut pool = JoinSet::new();
        for _ in 0..workers {
            let (rx, in_flight) = (rx.clone(), Arc::clone(&in_flight));
            pool.spawn(async move {
                let mut handled = Vec::new();
                // `recv` fails once the channel is closed and empty.
                while let Ok(job) = rx.recv().await {
                    let _ = publish(job, &in_flight).await;
                    handled.push(job);
                }
                handled
            });
        }
        drop(rx);
        for job in jobs {
            if tx.send(job).await.is_err() {
                break;
            }
        }
        drop(tx);
        let mut handled = Vec::new();
        while let Some(done) = pool.join_next().await {
            handled.extend(done.expect("a worker panicked"));
        }
        handled.sort();
        (handled, in_flight.max.load(Ordering::SeqCst))
    }
    // ANCHOR_END: answer4
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    std::panic::set_hook(Box::new(|_| {})); // answer 3 reports its panic as data

    let (most_in_flight, most_tasks) = answer1::acquire_inside((101..=120).collect(), 4).await;
    println!("1. 20 jobs, limit 4: most in flight {most_in_flight}, most tasks alive {most_tasks}");

    let (sent, failed) =
        answer2::with_timeout((101..=106).collect(), 3, Duration::from_millis(250)).await;
    println!("2. sent {sent:?}");
    for (job, error) in failed {
        println!("2. failed {job}: {error}");
    }

    for (job, outcome) in answer3::run_workers((111..=115).collect(), 2).await {
        println!("3. job {job}: {outcome:?}");
    }

    let (handled, most) = answer4::run_workers((101..=110).collect(), 3).await;
    println!("4. handled {handled:?}, most in flight {most}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn acquiring_inside_still_limits_work_but_not_tasks() {
        let (most_in_flight, most_tasks) = answer1::acquire_inside((101..=150).collect(), 4).await;
        assert_eq!(most_in_flight, 4);
        assert_eq!(most_tasks, 50, "every job had a task waiting at once");
    }

    #[tokio::test(start_paused = true)]
    async fn slow_jobs_time_out_and_free_their_slot() {
        let started = tokio::time::Instant::now();
        let (sent, failed) =
            answer2::with_timeout((101..=106).collect(), 3, Duration::from_millis(250)).await;
        // 300 ms jobs (job % 3 == 2) time out; job 105 is rejected at 100 ms.
        assert_eq!(sent, [102, 103, 106]);
        let failed: Vec<u32> = failed.iter().map(|(job, _)| *job).collect();
        assert_eq!(failed, [101, 104, 105]);
        // Job 101's slot is freed at its 250 ms deadline, and job 106 (200 ms)
        // takes it: done at 450 ms. Without the timeout, 106 would start at
        // 300 ms, when 105 ends, and the run would take 500 ms.
        assert_eq!(started.elapsed(), Duration::from_millis(450));
    }

    #[tokio::test(start_paused = true)]
    async fn a_panicking_job_does_not_take_its_worker_down() {
        let outcomes = answer3::run_workers((101..=120).collect(), 2).await;
        let jobs: Vec<u32> = outcomes.iter().map(|(job, _)| *job).collect();
        assert_eq!(jobs, (101..=120).collect::<Vec<_>>(), "no job lost");
        assert!(outcomes.contains(&(113, Err("job 113 panicked".to_owned()))));
    }

    #[tokio::test(start_paused = true)]
    async fn a_multi_consumer_channel_gives_each_job_to_one_worker() {
        let (handled, most) = answer4::run_workers((114..=153).collect(), 3).await;
        assert_eq!(handled, (114..=153).collect::<Vec<_>>());
        assert_eq!(most, 3);
    }
}
