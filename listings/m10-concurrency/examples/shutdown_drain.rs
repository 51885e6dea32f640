//! Lesson 10.5: a graceful shutdown that loses nothing. Jobs come from a
//! queue with leases (a stand-in for the outbox table): a job taken is
//! leased, then either acknowledged or released back for redelivery. On
//! shutdown the service stops taking jobs, lets the jobs in flight finish,
//! and at the deadline abandons the rest, releasing them, so another run
//! does them later.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A job: an id and how long it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Job {
    id: u64,
    cost: Duration,
}

/// A shared, ordered log with timestamps from tokio's clock.
#[derive(Debug, Clone)]
struct Log {
    start: Instant,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Log {
    fn new() -> Self {
        Log {
            start: Instant::now(),
            lines: Arc::default(),
        }
    }

    fn push(&self, line: String) {
        let at = self.start.elapsed().as_millis();
        let mut lines = self.lines.lock().expect("log poisoned");
        lines.push(format!("t={at:>4} ms  {line}"));
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("log poisoned").clone()
    }
}

// ANCHOR: queue
/// The queue's state: jobs ready to be taken, and what became of the rest.
#[derive(Debug, Default)]
struct Slots {
    ready: VecDeque<Job>,
    leased: Vec<u64>,
    done: Vec<u64>,
}

/// A queue with leases. `take` leases the next job; `ack` marks it done;
/// `release` puts it back at the front, to be delivered again.
#[derive(Debug, Clone, Default)]
struct Queue(Arc<Mutex<Slots>>);

impl Queue {
    fn with(jobs: impl IntoIterator<Item = Job>) -> Self {
        let queue = Queue::default();
        queue.slots().ready.extend(jobs);
        queue
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.0.lock().expect("queue poisoned")
    }

    fn take(&self) -> Option<Job> {
        let mut slots = self.slots();
        let job = slots.ready.pop_front()?;
        slots.leased.push(job.id);
        Some(job)
    }

    fn ack(&self, id: u64) {
        let mut slots = self.slots();
        slots.leased.retain(|&l| l != id);
        slots.done.push(id);
    }

    fn release(&self, job: Job) {
        let mut slots = self.slots();
        slots.leased.retain(|&l| l != job.id);
        slots.ready.push_front(job);
    }
}
// ANCHOR_END: queue

// ANCHOR: intake
/// Takes jobs while there is room for one more in flight, until `intake` is
/// cancelled. Each job becomes a tracked task with a token of its own.
async fn intake(
    queue: Queue,
    room: Arc<Semaphore>,
    intake: CancellationToken,
    root: CancellationToken,
    tracker: TaskTracker,
    log: Log,
) {
    loop {
        // Wait for room, but never past a shutdown: `biased;` makes a
        // cancelled token win even when a permit is ready at the same time.
        let permit = tokio::select! {
            biased;
            () = intake.cancelled() => break,
            permit = Arc::clone(&room).acquire_owned() => permit,
        };
        let Ok(permit) = permit else { break }; // the semaphore was closed
        let Some(job) = queue.take() else {
            // Nothing to do: wait a little, again never past a shutdown.
            tokio::select! {
                biased;
                () = intake.cancelled() => break,
                () = time::sleep(Duration::from_millis(50)) => continue,
            }
        };
        log.push(format!("took job {}", job.id));
        let (queue, token, log) = (queue.clone(), root.child_token(), log.clone());
        tracker.spawn(async move {
            run_job(job, queue, token, log).await;
            drop(permit); // room for the next job
        });
    }
    log.push("intake stopped".to_string());
}

/// Runs one job to the end, or until its token is cancelled. An abandoned
/// job is released, not dropped: it will be delivered again.
async fn run_job(job: Job, queue: Queue, token: CancellationToken, log: Log) {
    match token.run_until_cancelled(time::sleep(job.cost)).await {
        Some(()) => {
            queue.ack(job.id);
            log.push(format!("finished job {}", job.id));
        }
        None => {
            queue.release(job);
            log.push(format!("abandoned job {}, released for redelivery", job.id));
        }
    }
}
// ANCHOR_END: intake

// ANCHOR: service
/// How the shutdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Every job in flight finished before the deadline.
    Drained,
    /// The deadline (or a second signal) came first; the rest was released.
    Forced,
}

/// A running service: its tokens, its tasks, its queue.
#[derive(Debug)]
struct Service {
    root: CancellationToken,
    intake: CancellationToken,
    tracker: TaskTracker,
}

impl Service {
    fn start(queue: &Queue, in_flight: usize, log: &Log) -> Self {
        let root = CancellationToken::new();
        let intake_token = root.child_token(); // cancelled alone to stop intake
        let tracker = TaskTracker::new();
        tracker.spawn(intake(
            queue.clone(),
            Arc::new(Semaphore::new(in_flight)),
            intake_token.clone(),
            root.clone(),
            tracker.clone(),
            log.clone(),
        ));
        Service {
            root,
            intake: intake_token,
            tracker,
        }
    }

    /// Stops intake, drains until `deadline`, then abandons the rest.
    /// `hurry` is a second signal: it cuts the drain short.
    async fn shutdown(
        self,
        deadline: Duration,
        hurry: impl Future<Output = ()>,
        log: &Log,
    ) -> Outcome {
        log.push("shutdown: intake stops".to_string());
        self.intake.cancel();
        // wait() may complete from now on. The intake task is tracked too, so
        // it cannot complete before the intake has seen the token and returned.
        self.tracker.close();
        let drained = tokio::select! {
            biased;
            () = hurry => {
                log.push("shutdown: second signal".to_string());
                false
            }
            result = time::timeout(deadline, self.tracker.wait()) => {
                if result.is_err() {
                    log.push("shutdown: deadline passed".to_string());
                }
                result.is_ok()
            }
        };
        let outcome = if drained {
            Outcome::Drained
        } else {
            self.root.cancel(); // every job's token is a child: all of them fire
            self.tracker.wait().await; // they return at their next .await
            Outcome::Forced
        };
        log.push(format!("shutdown: {outcome:?}"));
        outcome
    }
}
// ANCHOR_END: service

// ANCHOR: signal
/// Resolves at the next Ctrl-C, or SIGTERM on Unix. Each call listens
/// afresh, so awaiting it a second time waits for a second signal.
async fn next_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
// ANCHOR_END: signal

/// What a run did: the outcome, the log, and the queue at the end.
#[derive(Debug)]
struct Run {
    outcome: Outcome,
    lines: Vec<String>,
    done: Vec<u64>,
    ready: Vec<u64>,
    leased: Vec<u64>,
}

// ANCHOR: run
/// Starts the service on `jobs`, waits for `stop`, and shuts it down.
async fn run(
    jobs: Vec<Job>,
    stop: impl Future<Output = ()>,
    deadline: Duration,
    hurry: impl Future<Output = ()>,
) -> Run {
    let log = Log::new();
    let queue = Queue::with(jobs);
    let service = Service::start(&queue, 2, &log);
    stop.await;
    let outcome = service.shutdown(deadline, hurry, &log).await;
    let slots = queue.slots();
    Run {
        outcome,
        lines: log.lines(),
        done: slots.done.clone(),
        ready: slots.ready.iter().map(|j| j.id).collect(),
        leased: slots.leased.clone(),
    }
}

fn jobs(costs_ms: &[u64]) -> Vec<Job> {
    (1..)
        .zip(costs_ms)
        .map(|(id, &ms)| Job {
            id,
            cost: Duration::from_millis(ms),
        })
        .collect()
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let ms = Duration::from_millis;
    for deadline in [ms(500), ms(150)] {
        println!("-- deadline {} ms --", deadline.as_millis());
        let stop = async {
            // In production: `next_signal().await`. The demo stops itself.
            tokio::select! {
                _ = next_signal() => {}
                () = time::sleep(ms(100)) => {}
            }
        };
        let hurry = async {
            let _ = next_signal().await; // a second Ctrl-C: stop waiting
        };
        let jobs = jobs(&[40, 40, 300, 40, 40, 40, 40, 40]);
        let run = runtime.block_on(run(jobs, stop, deadline, hurry));
        for line in &run.lines {
            println!("{line}");
        }
        println!(
            "{:?}: done {:?}; in the queue {:?}; still leased {:?}",
            run.outcome, run.done, run.ready, run.leased
        );
    }
    Ok(())
}
// ANCHOR_END: run

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::pending;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Every job is either done or back in the queue, exactly once.
    fn nothing_lost(run: &Run, jobs: usize) {
        let mut all: Vec<u64> = run.done.iter().chain(&run.ready).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (1..=jobs as u64).collect::<Vec<_>>(), "{run:?}");
        assert!(run.leased.is_empty(), "a job is stuck leased: {run:?}");
    }

    // ANCHOR: tests
    /// The "took" lines logged after the shutdown began.
    fn taken_after_shutdown(lines: &[String]) -> Vec<&String> {
        lines
            .iter()
            .skip_while(|l| !l.contains("shutdown: intake stops"))
            .filter(|l| l.contains("took job"))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_taken_once_the_shutdown_began() {
        // At 40 ms jobs 1 and 2 finish, freeing two permits, at the very
        // instant the shutdown starts. Without `biased;` the intake would
        // take job 3 about half the time: try it twenty times.
        for _ in 0..20 {
            let run = run(
                jobs(&[40, 40, 40, 40]),
                time::sleep(ms(40)),
                ms(1_000),
                pending(),
            )
            .await;
            assert_eq!(taken_after_shutdown(&run.lines), Vec::<&String>::new());
            assert_eq!(run.ready, [3, 4]);
            nothing_lost(&run, 4);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn jobs_in_flight_finish_before_a_generous_deadline() {
        let started = Instant::now();
        let run = run(
            jobs(&[40, 40, 300, 40, 40]),
            time::sleep(ms(100)),
            ms(500),
            pending(),
        )
        .await;
        assert_eq!(run.outcome, Outcome::Drained);
        assert!(run.done.contains(&3), "the long job finished: {run:?}");
        assert!(!run.lines.iter().any(|l| l.contains("abandoned")));
        // Job 3 began at 40 ms and takes 300: shutdown ends when it does.
        assert_eq!(started.elapsed(), ms(340));
        nothing_lost(&run, 5);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_is_honoured_and_the_abandoned_job_is_released() {
        let started = Instant::now();
        let run = run(
            jobs(&[40, 40, 300, 40, 40]),
            time::sleep(ms(100)),
            ms(150),
            pending(),
        )
        .await;
        assert_eq!(run.outcome, Outcome::Forced);
        assert_eq!(started.elapsed(), ms(100) + ms(150)); // to the millisecond
        assert_eq!(run.ready.first(), Some(&3), "job 3 is first in line again");
        nothing_lost(&run, 5);
    }

    #[tokio::test(start_paused = true)]
    async fn a_second_signal_cuts_the_drain_short() {
        let started = Instant::now();
        let hurry = time::sleep(ms(120)); // a second signal, 20 ms into the drain
        let run = run(jobs(&[300, 300]), time::sleep(ms(100)), ms(10_000), hurry).await;
        assert_eq!(run.outcome, Outcome::Forced);
        assert_eq!(started.elapsed(), ms(120));
        assert_eq!(run.ready, [1, 2]); // both in flight, both released (the release order is the tasks')
        nothing_lost(&run, 2);
    }
    // ANCHOR_END: tests
}
