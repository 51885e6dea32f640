//! Lesson 17.3: a supervisor that restarts failed workers.
//!
//! Workers take jobs from a queue that remembers who holds what until the
//! worker acknowledges it. The supervisor notices three kinds of failure (a
//! panic, an error return, and a hang seen as a missed heartbeat), puts the
//! failed worker's job back, and restarts it after an exponential backoff.
//! Too many restarts in a window and it gives up, handing the problem to its
//! parent. Time is tokio's paused clock, so every run prints the same lines.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::{AbortHandle, Id, JoinError, JoinSet};
use tokio::time::{self, Instant};

// ANCHOR: queue
/// A job: an id, and how many times it was handed out before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub id: u32,
    pub attempt: u32,
}

/// The work queue. A job handed to a worker stays recorded against that
/// worker's incarnation until it is acknowledged, so a crash cannot lose it.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    inner: Arc<Mutex<QueueState>>,
}

#[derive(Debug, Default)]
struct QueueState {
    pending: VecDeque<Job>,
    in_flight: HashMap<u64, Job>,
    done: Vec<u32>,
}

impl Queue {
    pub fn with_jobs(ids: impl IntoIterator<Item = u32>) -> Self {
        let queue = Queue::default();
        queue.lock().pending = ids.into_iter().map(|id| Job { id, attempt: 0 }).collect();
        queue
    }

    /// Hands the next job to `incarnation` and remembers that it holds it.
    pub fn take(&self, incarnation: u64) -> Option<Job> {
        let mut state = self.lock();
        let job = state.pending.pop_front()?;
        state.in_flight.insert(incarnation, job);
        Some(job)
    }

    /// The worker finished its job: only now is the job forgotten.
    pub fn ack(&self, incarnation: u64) {
        let mut state = self.lock();
        if let Some(job) = state.in_flight.remove(&incarnation) {
            state.done.push(job.id);
        }
    }

    /// A worker incarnation is gone: its unacknowledged job goes back first in line.
    pub fn requeue(&self, incarnation: u64) -> Option<u32> {
        let mut state = self.lock();
        let mut job = state.in_flight.remove(&incarnation)?;
        job.attempt += 1;
        state.pending.push_front(job);
        Some(job.id)
    }

    pub fn done(&self) -> Vec<u32> {
        self.lock().done.clone()
    }

    pub fn pending(&self) -> Vec<u32> {
        self.lock().pending.iter().map(|job| job.id).collect()
    }

    pub fn in_flight(&self) -> usize {
        self.lock().in_flight.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // Nothing panics while holding this lock, so it is never poisoned.
        self.inner.lock().expect("queue lock poisoned")
    }
}
// ANCHOR_END: queue

// ANCHOR: faults
/// The ways a worker can fail, injected by job id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Panic,
    Error,
    Hang,
}

/// Which jobs fail, how, and on how many attempts: `(Failure::Panic, 1)`
/// fails the first attempt only; `u32::MAX` makes a poison job.
pub type Plan = BTreeMap<u32, (Failure, u32)>;

#[derive(Debug, thiserror::Error)]
#[error("job {job} failed: the store refused it")]
pub struct WorkError {
    job: u32,
}

/// How long one job takes when nothing goes wrong.
const WORK: Duration = Duration::from_millis(10);
// ANCHOR_END: faults

// ANCHOR: worker
/// One worker incarnation: beat, take a job, do it, acknowledge it, repeat.
/// Returns `Ok` when the queue is empty.
async fn worker(
    incarnation: u64,
    queue: Queue,
    plan: Arc<Plan>,
    heartbeat: watch::Sender<Instant>,
) -> Result<(), WorkError> {
    loop {
        heartbeat.send_replace(Instant::now());
        let Some(job) = queue.take(incarnation) else {
            return Ok(());
        };
        match plan.get(&job.id) {
            Some(&(failure, times)) if job.attempt < times => match failure {
                Failure::Panic => panic!("bug while handling job {}", job.id),
                Failure::Error => return Err(WorkError { job: job.id }),
                Failure::Hang => std::future::pending::<()>().await,
            },
            _ => {}
        }
        time::sleep(WORK).await;
        queue.ack(incarnation);
    }
}
// ANCHOR_END: worker

// ANCHOR: backoff
/// Exponential backoff: `base`, `2·base`, `4·base`, … capped at `max`, then
/// shortened by up to `jitter` (a share, 0.0 to 1.0) of a random amount.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
    pub jitter: f64,
}

impl Backoff {
    /// The wait before restart number `n` (1 for the first); `random` in `[0, 1)`.
    pub fn delay(&self, n: u32, random: f64) -> Duration {
        let doubled = self.base.saturating_mul(1 << n.saturating_sub(1).min(20));
        let capped = doubled.min(self.max);
        capped.mul_f64(1.0 - self.jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0))
    }
}

/// A tiny seeded generator (xorshift): jitter that tests can repeat.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn seeded(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}
// ANCHOR_END: backoff

// ANCHOR: budget
/// At most `max_restarts` restarts in any `window`. Erlang/OTP calls these
/// the supervisor's intensity and period.
#[derive(Debug)]
pub struct RestartBudget {
    pub max_restarts: usize,
    pub window: Duration,
    recent: VecDeque<Instant>,
}

impl RestartBudget {
    pub fn new(max_restarts: usize, window: Duration) -> Self {
        RestartBudget {
            max_restarts,
            window,
            recent: VecDeque::new(),
        }
    }

    /// Spends one restart at `now`, or says no if the window is full.
    pub fn try_spend(&mut self, now: Instant) -> bool {
        while let Some(&oldest) = self.recent.front() {
            if now.duration_since(oldest) < self.window {
                break;
            }
            self.recent.pop_front();
        }
        if self.recent.len() >= self.max_restarts {
            return false;
        }
        self.recent.push_back(now);
        true
    }

    /// Restarts still inside the window (the backoff grows with it).
    pub fn spent(&self) -> u32 {
        self.recent.len() as u32
    }
}
// ANCHOR_END: budget

// ANCHOR: config
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Restart only the worker that failed.
    OneForOne,
    /// Stop every running sibling too, and restart them all.
    OneForAll,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub workers: usize,
    pub strategy: Strategy,
    pub backoff: Backoff,
    pub max_restarts: usize,
    pub window: Duration,
    /// A worker that has not beaten for this long is declared hung.
    pub heartbeat_deadline: Duration,
    pub jitter_seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: 3,
            strategy: Strategy::OneForOne,
            backoff: Backoff {
                base: Duration::from_millis(50),
                max: Duration::from_millis(800),
                jitter: 0.0,
            },
            max_restarts: 5,
            window: Duration::from_secs(1),
            heartbeat_deadline: Duration::from_millis(100),
            jitter_seed: 7,
        }
    }
}
// ANCHOR_END: config

/// What one supervised run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Failures seen: panics, errors and hangs.
    pub failures: u32,
    /// Worker incarnations started after the first ones.
    pub restarts: u32,
    pub log: Vec<String>,
}

// ANCHOR: gave_up
/// What a supervisor hands to its parent when its budget is spent.
#[derive(Debug, thiserror::Error)]
#[error(
    "gave up after {restarts} restarts within {} ms; last failure: {last}",
    .window.as_millis()
)]
pub struct GaveUp {
    pub restarts: u32,
    pub window: Duration,
    pub last: String,
    pub report: Report,
}
// ANCHOR_END: gave_up

/// One worker slot: the current incarnation and its heartbeat.
struct Slot {
    incarnation: u64,
    heartbeat: watch::Receiver<Instant>,
    task: AbortHandle,
    /// Set when the supervisor aborted it for hanging.
    hung: bool,
}

struct Supervisor {
    config: Config,
    queue: Queue,
    plan: Arc<Plan>,
    tasks: JoinSet<Result<(), WorkError>>,
    /// Which slot and incarnation each task is.
    ids: HashMap<Id, (usize, u64)>,
    slots: Vec<Option<Slot>>,
    next_incarnation: u64,
    budget: RestartBudget,
    rng: Rng,
    started: Instant,
    report: Report,
}

impl Supervisor {
    // ANCHOR: spawn
    /// Starts a new incarnation in `slot` after `delay`. Its heartbeat is set
    /// to the moment it will start, so the backoff is not mistaken for a hang.
    fn spawn(&mut self, slot: usize, delay: Duration) {
        let incarnation = self.next_incarnation;
        self.next_incarnation += 1;
        let (beat, heartbeat) = watch::channel(Instant::now() + delay);
        let (queue, plan) = (self.queue.clone(), Arc::clone(&self.plan));
        let handle: AbortHandle = self.tasks.spawn(async move {
            time::sleep(delay).await;
            worker(incarnation, queue, plan, beat).await
        });
        self.ids.insert(handle.id(), (slot, incarnation));
        self.slots[slot] = Some(Slot {
            incarnation,
            heartbeat,
            task: handle,
            hung: false,
        });
    }
    // ANCHOR_END: spawn

    fn note(&mut self, line: String) {
        let at = self.started.elapsed().as_millis();
        self.report.log.push(format!("t={at:>4} ms  {line}"));
    }

    // ANCHOR: run
    async fn run(mut self) -> Result<Report, GaveUp> {
        for slot in 0..self.config.workers {
            self.spawn(slot, Duration::ZERO);
        }
        let mut check = time::interval(self.config.heartbeat_deadline / 4);
        loop {
            tokio::select! {
                joined = self.tasks.join_next_with_id() => {
                    let Some(joined) = joined else { break };
                    if let Err(gave_up) = self.on_exit(joined) {
                        return Err(self.stop_all(gave_up).await);
                    }
                }
                _ = check.tick() => self.abort_the_hung(),
            }
        }
        self.note("all jobs done; every worker exited normally".into());
        Ok(self.report)
    }
    // ANCHOR_END: run

    // ANCHOR: hang
    /// Aborts every worker whose last heartbeat is older than the deadline.
    fn abort_the_hung(&mut self) {
        let now = Instant::now();
        let deadline = self.config.heartbeat_deadline;
        let mut hung = Vec::new();
        for (slot, entry) in self.slots.iter_mut().enumerate() {
            if let Some(entry) = entry {
                let last = *entry.heartbeat.borrow();
                if !entry.hung && now.duration_since(last) > deadline {
                    entry.hung = true;
                    // The job is requeued once the task has really stopped
                    // (in `on_exit`), not here: until then it could still ack.
                    entry.task.abort();
                    hung.push(slot);
                }
            }
        }
        for slot in hung {
            self.note(format!("worker {slot} missed its heartbeat: aborted it"));
        }
    }
    // ANCHOR_END: hang

    // ANCHOR: on_exit
    /// A task ended. Classify how, give back its job, and decide on a restart.
    fn on_exit(
        &mut self,
        joined: Result<(Id, Result<(), WorkError>), JoinError>,
    ) -> Result<(), String> {
        let id = match &joined {
            Ok((id, _)) => *id,
            Err(error) => error.id(),
        };
        let Some((slot, incarnation)) = self.ids.remove(&id) else {
            return Ok(());
        };
        let current = self.slots[slot]
            .as_ref()
            .is_some_and(|s| s.incarnation == incarnation);
        let hung = current && self.slots[slot].as_ref().is_some_and(|s| s.hung);
        let returned = self.queue.requeue(incarnation);
        if !current {
            return Ok(()); // a sibling stopped by a one-for-all restart
        }
        let failure = match joined {
            Ok((_, Ok(()))) => {
                self.slots[slot] = None; // the queue is empty: a normal exit
                return Ok(());
            }
            Ok((_, Err(error))) => format!("returned an error: {error}"),
            Err(error) if error.is_panic() => format!("panicked: {}", panic_text(error)),
            Err(_) if hung => "hung".to_owned(),
            Err(_) => "was cancelled".to_owned(),
        };
        self.report.failures += 1;
        let job = returned.map_or(String::new(), |job| {
            format!("; job {job} back in the queue")
        });
        self.note(format!("worker {slot} {failure}{job}"));
        if !self.budget.try_spend(Instant::now()) {
            return Err(format!("worker {slot} {failure}"));
        }
        let delay = self
            .config
            .backoff
            .delay(self.budget.spent(), self.rng.next_unit());
        let mut restart = vec![slot];
        if self.config.strategy == Strategy::OneForAll {
            for (other, entry) in self.slots.iter().enumerate() {
                if let Some(entry) = entry.as_ref().filter(|_| other != slot) {
                    restart.push(other);
                    entry.task.abort();
                }
            }
        }
        restart.sort_unstable();
        self.note(format!(
            "restarting worker(s) {restart:?} in {} ms (restart {} of {} allowed per {} ms)",
            delay.as_millis(),
            self.budget.spent(),
            self.budget.max_restarts,
            self.budget.window.as_millis()
        ));
        for slot in restart {
            self.spawn(slot, delay);
            self.report.restarts += 1;
        }
        Ok(())
    }
    // ANCHOR_END: on_exit

    // ANCHOR: stop_all
    /// Out of budget: stop every worker, return their jobs, and report.
    async fn stop_all(mut self, last: String) -> GaveUp {
        self.tasks.abort_all();
        while let Some(joined) = self.tasks.join_next_with_id().await {
            let id = match &joined {
                Ok((id, _)) => *id,
                Err(error) => error.id(),
            };
            if let Some((_, incarnation)) = self.ids.remove(&id) {
                self.queue.requeue(incarnation);
            }
        }
        self.note("budget spent: stopped every worker, escalating".into());
        GaveUp {
            restarts: self.budget.spent(),
            window: self.config.window,
            last,
            report: self.report,
        }
    }
    // ANCHOR_END: stop_all
}

/// The text of a panic: `panic!` with a literal gives a `&str`, with
/// formatting a `String`; anything else is opaque.
fn panic_text(error: JoinError) -> String {
    let payload = error.into_panic();
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(text) => (*text).to_owned(),
            Err(_) => "a non-text panic".to_owned(),
        },
    }
}

// ANCHOR: supervise
/// Runs `config.workers` workers over `queue` until it is empty, or until
/// the restart budget is spent.
pub async fn supervise(config: Config, queue: Queue, plan: Plan) -> Result<Report, GaveUp> {
    let supervisor = Supervisor {
        slots: (0..config.workers).map(|_| None).collect(),
        budget: RestartBudget::new(config.max_restarts, config.window),
        rng: Rng::seeded(config.jitter_seed),
        config,
        queue,
        plan: Arc::new(plan),
        tasks: JoinSet::new(),
        ids: HashMap::new(),
        next_incarnation: 0,
        started: Instant::now(),
        report: Report::default(),
    };
    supervisor.run().await
}
// ANCHOR_END: supervise

// ANCHOR: root
/// The parent: restarts the whole worker subtree up to `attempts` times,
/// then gives up itself (in a process, by exiting for the orchestrator).
pub async fn root(
    config: Config,
    queue: Queue,
    plan: Plan,
    attempts: u32,
) -> Result<Report, GaveUp> {
    let mut tries = 0;
    loop {
        match supervise(config.clone(), queue.clone(), plan.clone()).await {
            Ok(report) => return Ok(report),
            Err(gave_up) if tries < attempts => {
                tries += 1;
                println!("root: child supervisor {gave_up}");
                println!("root: restarting the subtree ({tries} of {attempts})");
            }
            Err(gave_up) => return Err(gave_up),
        }
    }
}
// ANCHOR_END: root

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Strategy::OneForOne => "one-for-one",
            Strategy::OneForAll => "one-for-all",
        })
    }
}

// ANCHOR: main
fn faults() -> Plan {
    Plan::from([
        (3, (Failure::Panic, 1)),
        (6, (Failure::Error, 1)),
        (9, (Failure::Hang, 1)),
    ])
}

async fn demo() {
    for strategy in [Strategy::OneForOne, Strategy::OneForAll] {
        let queue = Queue::with_jobs(1..=12);
        let config = Config {
            strategy,
            ..Config::default()
        };
        println!("== {strategy}: 12 jobs, 3 workers, jobs 3, 6 and 9 fail once");
        let report = supervise(config, queue.clone(), faults()).await;
        let report = report.expect("three failures fit in a budget of five");
        for line in &report.log {
            println!("{line}");
        }
        let mut done = queue.done();
        done.sort_unstable();
        println!(
            "failures {}, worker restarts {}, jobs done {}, lost {}\n",
            report.failures,
            report.restarts,
            done.len(),
            12 - done.len()
        );
    }

    println!("== a poison job: job 5 panics on every attempt, budget 3 per second");
    let queue = Queue::with_jobs(1..=8);
    let config = Config {
        max_restarts: 3,
        ..Config::default()
    };
    let poison = Plan::from([(5, (Failure::Panic, u32::MAX))]);
    match root(config, queue.clone(), poison, 1).await {
        Ok(_) => println!("root: finished"),
        Err(gave_up) => {
            println!("root: {gave_up}");
            println!("root: exiting so the orchestrator can decide");
        }
    }
    println!(
        "done {:?}, still queued {:?}, in flight {}",
        queue.done().len(),
        queue.pending(),
        queue.in_flight()
    );
}

fn main() -> std::io::Result<()> {
    // The supervisor prints each panic itself; silence the default hook.
    std::panic::set_hook(Box::new(|_| {}));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(demo());
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(queue: &Queue, jobs: u32) -> usize {
        let mut seen = queue.done();
        seen.extend(queue.pending());
        seen.sort_unstable();
        seen.dedup();
        jobs as usize - seen.len()
    }

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn every_failure_is_one_restart_and_no_job_is_lost() {
        let queue = Queue::with_jobs(1..=12);
        let report = supervise(Config::default(), queue.clone(), faults())
            .await
            .expect("within budget");
        assert_eq!(report.failures, 3);
        assert_eq!(report.restarts, 3);
        let mut done = queue.done();
        done.sort_unstable();
        assert_eq!(done, (1..=12).collect::<Vec<_>>(), "each job done once");
        assert_eq!(lost(&queue, 12), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_hang_is_caught_by_the_missed_heartbeat() {
        let queue = Queue::with_jobs(1..=2);
        let config = Config {
            workers: 1,
            ..Config::default()
        };
        let started = Instant::now();
        let plan = Plan::from([(1, (Failure::Hang, 1))]);
        let report = supervise(config.clone(), queue.clone(), plan)
            .await
            .expect("one restart");
        assert_eq!((report.failures, report.restarts), (1, 1));
        assert!(report.log.iter().any(|l| l.contains("worker 0 hung")));
        // Detected after the deadline, and within a check interval of it.
        let deadline = config.heartbeat_deadline;
        assert!(started.elapsed() > deadline + config.backoff.base);
        // Silent since 0 ms: more than 100 ms at 125 ms, the first check after.
        let aborted = "t= 125 ms  worker 0 missed its heartbeat: aborted it";
        assert!(report.log.iter().any(|l| l == aborted), "{:?}", report.log);
        assert_eq!(queue.done(), [1, 2]);
    }

    #[tokio::test(start_paused = true)]
    async fn many_faults_many_restarts_nothing_lost() {
        let jobs = 300;
        let kinds = [Failure::Panic, Failure::Error, Failure::Hang];
        let plan: Plan = (1..=jobs)
            .filter(|id| id % 10 == 0)
            .map(|id| (id, (kinds[(id / 10) as usize % 3], 1)))
            .collect();
        let config = Config {
            workers: 4,
            max_restarts: 100,
            backoff: Backoff {
                jitter: 0.5,
                ..Config::default().backoff
            },
            ..Config::default()
        };
        let queue = Queue::with_jobs(1..=jobs);
        let report = supervise(config, queue.clone(), plan.clone())
            .await
            .expect("within budget");
        assert_eq!(report.failures as usize, plan.len());
        assert_eq!(report.restarts as usize, plan.len());
        assert_eq!(queue.done().len(), jobs as usize, "no job done twice");
        assert_eq!(lost(&queue, jobs), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn one_for_all_restarts_the_siblings_and_still_loses_nothing() {
        let queue = Queue::with_jobs(1..=12);
        let config = Config {
            strategy: Strategy::OneForAll,
            ..Config::default()
        };
        let report = supervise(config, queue.clone(), faults())
            .await
            .expect("within budget");
        assert_eq!(report.failures, 3);
        assert!(report.restarts > report.failures, "siblings restart too");
        assert_eq!(lost(&queue, 12), 0);
        let mut done = queue.done();
        done.sort_unstable();
        done.dedup();
        assert_eq!(done.len(), 12);
    }

    #[tokio::test(start_paused = true)]
    async fn a_poison_job_spends_the_budget_and_the_supervisor_gives_up() {
        let queue = Queue::with_jobs(1..=8);
        let config = Config {
            max_restarts: 3,
            ..Config::default()
        };
        let poison = Plan::from([(5, (Failure::Panic, u32::MAX))]);
        let gave_up = supervise(config, queue.clone(), poison)
            .await
            .expect_err("the budget runs out");
        assert_eq!(
            gave_up.report.failures, 4,
            "three restarts, the fourth refused"
        );
        assert_eq!(gave_up.report.restarts, 3);
        assert!(gave_up.last.contains("job 5"));
        // Giving up loses nothing either: job 5 (and whatever was not
        // reached yet) waits in the queue, first in line.
        assert_eq!(queue.pending().first(), Some(&5));
        assert_eq!(queue.in_flight(), 0);
        assert_eq!(lost(&queue, 8), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_that_fails_twice_fits_in_the_budget() {
        let queue = Queue::with_jobs(1..=8);
        let config = Config {
            max_restarts: 3,
            ..Config::default()
        };
        let twice = Plan::from([(5, (Failure::Panic, 2))]);
        let report = supervise(config, queue.clone(), twice)
            .await
            .expect("two restarts");
        assert_eq!(report.restarts, 2);
        assert_eq!(queue.done().len(), 8);
    }
    // ANCHOR_END: tests

    #[test]
    fn backoff_doubles_then_caps_and_jitter_only_shortens() {
        let backoff = Config::default().backoff;
        let waits: Vec<u128> = (1..=6).map(|n| backoff.delay(n, 0.9).as_millis()).collect();
        assert_eq!(waits, [50, 100, 200, 400, 800, 800]);
        let jittered = Backoff {
            jitter: 0.5,
            ..backoff
        };
        let mut rng = Rng::seeded(7);
        for n in 1..=6 {
            let wait = jittered.delay(n, rng.next_unit());
            assert!(wait <= backoff.delay(n, 0.0) && wait >= backoff.delay(n, 0.0) / 2);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_budget_is_a_sliding_window() {
        let mut budget = RestartBudget::new(2, Duration::from_secs(1));
        assert!(budget.try_spend(Instant::now()));
        assert!(budget.try_spend(Instant::now()));
        assert!(!budget.try_spend(Instant::now()), "a third one is refused");
        time::advance(Duration::from_secs(1)).await;
        assert!(
            budget.try_spend(Instant::now()),
            "the old ones left the window"
        );
    }
}
