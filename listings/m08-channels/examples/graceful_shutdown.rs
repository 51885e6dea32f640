//! Lesson 08.2: a graceful shutdown sequence. On a signal the service stops
//! accepting work, lets in-flight work drain, and exits within a deadline,
//! forcing the stragglers to stop if the deadline passes. Built from
//! `CancellationToken` (with a child token for intake) and `TaskTracker`.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A shared, ordered event log with timestamps from tokio's clock.
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
        self.lines
            .lock()
            .expect("log poisoned")
            .push(format!("t={at:>4} ms  {line}"));
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("log poisoned").clone()
    }
}

// ANCHOR: signal
/// Resolves on Ctrl-C, or on SIGTERM (what `kill`, systemd, Docker and
/// Kubernetes send) on Unix.
async fn shutdown_signal() -> std::io::Result<()> {
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

// ANCHOR: tasks
/// Accepts one job every 50 ms, round-robin over the workers, until the
/// intake token is cancelled. Returning drops the senders, which tells the
/// workers that no more work is coming.
async fn acceptor(
    costs: Vec<Duration>,
    workers: Vec<mpsc::Sender<(u64, Duration)>>,
    intake: CancellationToken,
    log: Log,
) {
    let mut tick = time::interval(Duration::from_millis(50));
    for (id, cost) in (1..).zip(costs) {
        tokio::select! {
            biased; // a cancelled intake wins over a tick that is ready too
            () = intake.cancelled() => break,
            _ = tick.tick() => {}
        }
        let worker = &workers[(id as usize - 1) % workers.len()];
        // A full queue makes us wait, but never past a shutdown. `reserve`
        // waits for room without taking the job, so losing this race to the
        // token drops nothing; `send` runs only once the slot is ours.
        let slot = tokio::select! {
            biased;
            () = intake.cancelled() => break,
            slot = worker.reserve() => slot,
        };
        let Ok(permit) = slot else { break }; // the worker is gone
        permit.send((id, cost));
        log.push(format!("accepted job {id}"));
    }
    log.push("acceptor: stopped accepting".to_string());
}

/// Runs jobs until its queue is closed and empty (a drain), or until the
/// hard-stop token fires, which abandons the job in progress.
async fn worker(
    name: &'static str,
    mut jobs: mpsc::Receiver<(u64, Duration)>,
    hard_stop: CancellationToken,
    log: Log,
) {
    while let Some((id, cost)) = jobs.recv().await {
        match hard_stop.run_until_cancelled(time::sleep(cost)).await {
            Some(()) => log.push(format!("{name}: finished job {id}")),
            None => {
                log.push(format!("{name}: abandoned job {id}"));
                return;
            }
        }
    }
    log.push(format!("{name}: queue drained"));
}
// ANCHOR_END: tasks

// ANCHOR: service
/// How the shutdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shutdown {
    /// Every task finished its work before the deadline.
    Drained,
    /// The deadline passed; the remaining tasks were told to stop at once.
    Forced,
}

/// The running service: its tasks and the tokens that stop them.
#[derive(Debug)]
struct Service {
    root: CancellationToken,
    intake: CancellationToken,
    tracker: TaskTracker,
}

impl Service {
    fn start(costs: Vec<Duration>, log: &Log) -> Self {
        let root = CancellationToken::new();
        // A child is cancelled with its parent, but can also be cancelled alone.
        let intake = root.child_token();
        let tracker = TaskTracker::new();

        let mut senders = Vec::new();
        for name in ["worker-a", "worker-b"] {
            let (tx, rx) = mpsc::channel(4);
            senders.push(tx);
            tracker.spawn(worker(name, rx, root.child_token(), log.clone()));
        }
        tracker.spawn(acceptor(costs, senders, intake.clone(), log.clone()));
        Service {
            root,
            intake,
            tracker,
        }
    }

    /// Stop accepting, drain, and give up waiting after `deadline`.
    async fn shutdown(self, deadline: Duration, log: &Log) -> Shutdown {
        log.push("shutdown: stop accepting work".to_string());
        self.intake.cancel(); // 1. no new work
        self.tracker.close(); // wait() may now complete once the tasks are done
        let outcome = match time::timeout(deadline, self.tracker.wait()).await {
            Ok(()) => Shutdown::Drained, // 2. in-flight work finished
            Err(_elapsed) => {
                log.push("shutdown: deadline passed, forcing stop".to_string());
                self.root.cancel(); // 3. cancels every child token too
                self.tracker.wait().await;
                Shutdown::Forced
            }
        };
        log.push(format!("shutdown: {outcome:?}"));
        outcome
    }
}
// ANCHOR_END: service

// ANCHOR: main
/// Runs the service until `stop` resolves, then shuts it down.
async fn run(
    costs: Vec<Duration>,
    stop: impl std::future::Future<Output = ()>,
    deadline: Duration,
) -> (Shutdown, Vec<String>) {
    let log = Log::new();
    let service = Service::start(costs, &log);
    stop.await;
    let outcome = service.shutdown(deadline, &log).await;
    (outcome, log.lines())
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let ms = Duration::from_millis;
    let costs = vec![ms(30), ms(80), ms(30), ms(400), ms(30), ms(30)];
    for deadline in [ms(500), ms(250)] {
        println!("-- deadline {} ms --", deadline.as_millis());
        let stop = async {
            // In production: just `shutdown_signal().await`. The demo also
            // stops itself after 175 ms, so it ends without a Ctrl-C.
            tokio::select! {
                _ = shutdown_signal() => {}
                _ = time::sleep(ms(175)) => {}
            }
        };
        let (outcome, lines) = runtime.block_on(run(costs.clone(), stop, deadline));
        for line in lines {
            println!("{line}");
        }
        println!("outcome: {outcome:?}");
    }
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    // ANCHOR: deadline_tests
    #[tokio::test(start_paused = true)]
    async fn quick_jobs_drain_before_the_deadline() {
        let costs = vec![ms(30); 6];
        let started = Instant::now();
        let (outcome, lines) = run(costs, time::sleep(ms(120)), ms(1_000)).await;
        assert_eq!(outcome, Shutdown::Drained);
        // Every accepted job finished; nothing was abandoned.
        let accepted = lines.iter().filter(|l| l.contains("accepted")).count();
        let finished = lines.iter().filter(|l| l.contains("finished")).count();
        assert_eq!(accepted, finished);
        assert!(!lines.iter().any(|l| l.contains("abandoned")));
        assert!(started.elapsed() < ms(120) + ms(1_000));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stuck_job_is_cut_off_exactly_at_the_deadline() {
        let costs = vec![ms(60_000)]; // one job that would take a minute
        let (outcome, lines) = run(costs, time::sleep(ms(10)), ms(500)).await;
        assert_eq!(outcome, Shutdown::Forced);
        assert!(lines.iter().any(|l| l.contains("abandoned job 1")));
        let last = lines.last().expect("the log is not empty");
        assert_eq!(last, "t= 510 ms  shutdown: Forced"); // 10 ms + the 500 ms deadline
    }

    // ANCHOR_END: deadline_tests

    // ANCHOR: intake_tests
    /// The "accepted" lines logged after the shutdown began.
    fn accepted_after_shutdown(lines: &[String]) -> Vec<&String> {
        lines
            .iter()
            .skip_while(|l| !l.contains("shutdown: stop accepting"))
            .filter(|l| l.contains("accepted job"))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn a_send_waiting_on_a_full_queue_does_not_accept_after_shutdown() {
        // Twelve one-second jobs: by 500 ms worker-a's queue is full and the
        // acceptor waits for room to queue job 11. Shutdown comes at 525 ms.
        let costs = vec![ms(1_000); 12];
        let (outcome, lines) = run(costs, time::sleep(ms(525)), ms(10_000)).await;
        assert_eq!(outcome, Shutdown::Drained);
        assert_eq!(accepted_after_shutdown(&lines), Vec::<&String>::new());
    }

    #[tokio::test(start_paused = true)]
    async fn a_tick_ready_with_the_shutdown_does_not_accept() {
        // Shutdown at 100 ms, the very instant of the acceptor's third tick:
        // both of its `select!` branches are ready. Without `biased;` the
        // tick wins about half the time, so try it twenty times.
        for _ in 0..20 {
            let (_, lines) = run(vec![ms(10); 6], time::sleep(ms(100)), ms(1_000)).await;
            assert_eq!(accepted_after_shutdown(&lines), Vec::<&String>::new());
        }
    }
    // ANCHOR_END: intake_tests

    // ANCHOR: child_tokens
    #[test]
    fn cancelling_a_parent_cancels_its_children_but_not_the_reverse() {
        let root = CancellationToken::new();
        let intake = root.child_token();
        let worker = root.child_token();
        intake.cancel();
        assert!(!root.is_cancelled() && !worker.is_cancelled());
        root.cancel();
        assert!(worker.is_cancelled());
    }
    // ANCHOR_END: child_tokens
}
