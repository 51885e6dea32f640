//! Lesson 10.2: a bounded pool of tasks. A `Semaphore` caps how many jobs
//! run at once, a `JoinSet` owns the tasks, and every job ends in exactly
//! one of three lists: sent, failed, or panicked.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::{Id, JoinError, JoinSet};

// ANCHOR: job
/// Counts the jobs in flight, the most there ever were, and the jobs that
/// got to the end of their work.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    max: AtomicUsize,
    finished: AtomicUsize,
}

/// One job in flight; dropping it (at the end, by a panic or by an abort)
/// takes the job off the count.
#[derive(Debug)]
struct Flight<'a>(&'a InFlight);

impl InFlight {
    fn enter(&self) -> Flight<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
        Flight(self)
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A scripted broker call: takes 100 to 300 ms, rejects every seventh job,
/// and panics on job 113 (a bug in our code, not a broker error).
async fn publish(job: u32, in_flight: Arc<InFlight>) -> Result<(), String> {
    let _flight = in_flight.enter();
    tokio::time::sleep(Duration::from_millis(100 * (u64::from(job) % 3 + 1))).await;
    in_flight.finished.fetch_add(1, Ordering::SeqCst);
    if job == 113 {
        panic!("poison message {job}");
    }
    if job.is_multiple_of(7) {
        return Err(format!("broker rejected job {job}"));
    }
    Ok(())
}
// ANCHOR_END: job

/// Where every job ended up.
#[derive(Debug, Default, PartialEq, Eq)]
struct Report {
    sent: Vec<u32>,
    failed: Vec<(u32, String)>,
    panicked: Vec<(u32, String)>,
}

// ANCHOR: pool
/// Publishes every job with at most `limit` of them in flight.
async fn run_bounded(jobs: Vec<u32>, limit: usize, in_flight: Arc<InFlight>) -> Report {
    let slots = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    let mut job_of_task: HashMap<Id, u32> = HashMap::new();
    let mut report = Report::default();
    for job in jobs {
        // Wait for a free slot *before* spawning: never more than `limit` tasks.
        let permit = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let in_flight = Arc::clone(&in_flight);
        let task = tasks.spawn(async move {
            let _permit = permit; // released when the task ends, even by a panic
            publish(job, in_flight).await
        });
        job_of_task.insert(task.id(), job);
        // Collect what has already finished, so results do not pile up.
        while let Some(done) = tasks.try_join_next_with_id() {
            record(done, &job_of_task, &mut report);
        }
    }
    while let Some(done) = tasks.join_next_with_id().await {
        record(done, &job_of_task, &mut report);
    }
    report.sent.sort();
    report.failed.sort();
    report.panicked.sort();
    report
}
// ANCHOR_END: pool

// ANCHOR: record
/// Files one finished task under its job. A panic arrives as a `JoinError`,
/// which carries the task's id but not our job number: hence the map.
fn record(
    done: Result<(Id, Result<(), String>), JoinError>,
    job_of_task: &HashMap<Id, u32>,
    report: &mut Report,
) {
    match done {
        Ok((id, Ok(()))) => report.sent.push(job_of_task[&id]),
        Ok((id, Err(error))) => report.failed.push((job_of_task[&id], error)),
        Err(error) if error.is_panic() => {
            let job = job_of_task[&error.id()];
            report.panicked.push((job, error.to_string()));
        }
        Err(error) => unreachable!("nothing aborts these tasks: {error}"),
    }
}
// ANCHOR_END: record

// ANCHOR: join_all
/// `JoinSet::join_all` returns plain outputs, so a panicked task has nowhere
/// to go: it re-raises the panic in the caller (and aborts the other tasks).
async fn publish_all_or_panic(jobs: Vec<u32>) -> Vec<Result<(), String>> {
    let in_flight = Arc::new(InFlight::default());
    let mut tasks = JoinSet::new();
    for job in jobs {
        tasks.spawn(publish(job, Arc::clone(&in_flight)));
    }
    tasks.join_all().await
}
// ANCHOR_END: join_all

// ANCHOR: fail_fast
/// Stops at the first failure. Returning drops `tasks`, and dropping a
/// `JoinSet` aborts every task still in it: nothing keeps running unowned.
async fn run_fail_fast(
    jobs: Vec<u32>,
    limit: usize,
    in_flight: Arc<InFlight>,
) -> Result<usize, String> {
    let slots = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    let mut sent = 0;
    for job in jobs {
        let permit = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let in_flight = Arc::clone(&in_flight);
        tasks.spawn(async move {
            let _permit = permit;
            publish(job, in_flight).await
        });
        while let Some(done) = tasks.try_join_next() {
            done.map_err(|e| e.to_string())??;
            sent += 1;
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())??; // the first error returns, and aborts the rest
        sent += 1;
    }
    Ok(sent)
}
// ANCHOR_END: fail_fast

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // A panic is reported below, as data; the default hook would also print it.
    std::panic::set_hook(Box::new(|_| {}));
    let in_flight = Arc::new(InFlight::default());
    let started = tokio::time::Instant::now();
    let report = run_bounded((101..=115).collect(), 4, Arc::clone(&in_flight)).await;
    println!("sent:     {:?}", report.sent);
    for (job, error) in &report.failed {
        println!("failed:   job {job}: {error}");
    }
    for (job, error) in &report.panicked {
        println!("panicked: job {job}: {error}");
    }
    println!(
        "most in flight: {}, done after {} ms of (paused) time",
        in_flight.max.load(Ordering::SeqCst),
        started.elapsed().as_millis()
    );

    // Fail fast: the first error ends the run, and the jobs still running are aborted.
    let in_flight = Arc::new(InFlight::default());
    let outcome = run_fail_fast((101..=115).collect(), 4, Arc::clone(&in_flight)).await;
    tokio::time::sleep(Duration::from_secs(10)).await; // plenty of time for strays to finish
    println!(
        "fail fast: {outcome:?}; jobs that got to the end: {}, still in flight: {}",
        in_flight.finished.load(Ordering::SeqCst),
        in_flight.now.load(Ordering::SeqCst)
    );

    // The same kind of work, awaited with join_all, in a task of its own so
    // that the re-raised panic arrives here as that task's JoinError.
    let outcome = tokio::spawn(publish_all_or_panic(vec![110, 113, 116])).await;
    match outcome {
        Ok(results) => println!("join_all returned {results:?}"),
        Err(error) => println!(
            "join_all re-raised: {:?}",
            error.into_panic().downcast_ref::<String>()
        ),
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_in_flight() {
        let in_flight = Arc::new(InFlight::default());
        // Job 105 is rejected; a failure frees its slot like a success does.
        run_bounded((101..=112).collect(), 3, Arc::clone(&in_flight)).await;
        assert_eq!(in_flight.max.load(Ordering::SeqCst), 3);
        assert_eq!(in_flight.now.load(Ordering::SeqCst), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn every_job_ends_in_exactly_one_list() {
        let jobs: Vec<u32> = (101..=130).collect();
        let report = run_bounded(jobs.clone(), 5, Arc::default()).await;
        let mut seen: Vec<u32> = report.sent.clone();
        seen.extend(report.failed.iter().map(|(job, _)| *job));
        seen.extend(report.panicked.iter().map(|(job, _)| *job));
        seen.sort();
        assert_eq!(seen, jobs, "no job lost, none counted twice");
        assert_eq!(report.failed.len(), 4); // 105, 112, 119, 126
        assert_eq!(report.panicked.len(), 1); // 113
        assert!(report.panicked[0].1.contains("poison message 113"));
    }

    #[tokio::test(start_paused = true)]
    async fn the_limit_is_also_the_parallelism() {
        // Six 200 ms jobs (job % 3 == 1): two at a time take three rounds.
        let started = Instant::now();
        let report = run_bounded(vec![103, 106, 109, 115, 118, 121], 2, Arc::default()).await;
        assert_eq!(report.sent.len(), 6);
        assert_eq!(started.elapsed(), Duration::from_millis(600));
    }
    // ANCHOR_END: tests

    #[tokio::test(start_paused = true)]
    async fn join_all_re_raises_the_task_panic() {
        let outcome = tokio::spawn(publish_all_or_panic(vec![101, 113])).await;
        let error = outcome.expect_err("join_all panicked");
        assert!(error.is_panic());
        let payload = error.into_panic();
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("poison message 113")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_join_set_aborts_the_jobs_still_running() {
        let in_flight = Arc::new(InFlight::default());
        // Job 105 (100 ms) is rejected while 104 and 107 (300 ms each) still run.
        let outcome = run_fail_fast(vec![105, 104, 107], 3, Arc::clone(&in_flight)).await;
        assert_eq!(outcome, Err("broker rejected job 105".to_owned()));
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(
            in_flight.finished.load(Ordering::SeqCst),
            1,
            "only job 105 got to the end"
        );
        assert_eq!(
            in_flight.now.load(Ordering::SeqCst),
            0,
            "the aborted jobs left the count"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn join_all_without_a_panic_keeps_errors_as_values() {
        // Completion order: job 105 takes 100 ms, job 101 takes 300 ms.
        let results = publish_all_or_panic(vec![101, 105]).await;
        assert_eq!(results, [Err("broker rejected job 105".to_owned()), Ok(())]);
    }
}
