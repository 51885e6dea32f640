//! Lesson 15.3: one lock shared by every task, against ways to share less.
//!
//! Tasks count deliveries per aggregate in a shared map, as a metrics table
//! or a dedup table in a relay would. Two workloads:
//!
//! 1. Each delivery first waits for a slow step (an `.await` of about a
//!    millisecond, a stand-in for a round trip). Three designs, with 1 to 64
//!    tasks: the lock held across that `.await`, one lock per shard held the
//!    same way, and the lock taken only after it.
//! 2. Each delivery costs a little CPU work outside the lock and one update
//!    under it, with as many tasks as worker threads (1, 2, 4). Five ways to
//!    keep the counts.
//!
//! The locks count how often a task found them taken and how long it waited.
//! `cargo run --release -p m15-performance --example contention_counts -- --figures`
//! prints the tables the book shows; without arguments it prints the counts,
//! which every design must agree on.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

/// Aggregates the deliveries are spread over.
const AGGREGATES: u32 = 1024;
/// Shards of the sharded map.
const SHARDS: usize = 16;

// ANCHOR: work
/// The work a delivery costs outside the lock: FNV-1a over a 64-byte
/// payload, a stand-in for encoding a message. Returns the aggregate the
/// delivery belongs to, spread evenly and repeatably over [`AGGREGATES`].
fn deliver(worker: usize, seq: u64) -> u32 {
    let mut payload = [0u8; 64];
    payload[..8].copy_from_slice(&seq.to_le_bytes());
    payload[8] = worker as u8;
    let hash = payload.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    black_box(hash);
    (hash % u64::from(AGGREGATES)) as u32
}
// ANCHOR_END: work

// ANCHOR: waits
/// How often a task found the lock taken, and how long it waited for it.
#[derive(Debug, Default, Clone, Copy)]
struct Waits {
    acquisitions: u64,
    contended: u64,
    waited: Duration,
}

impl Waits {
    fn add(&mut self, other: Waits) {
        self.acquisitions += other.acquisitions;
        self.contended += other.contended;
        self.waited += other.waited;
    }
}

/// `lock()`, measured: a `try_lock` first, and only when the lock is taken
/// is the wait timed, so the uncontended path costs no clock read.
fn lock_counting<'a, T>(lock: &'a Mutex<T>, waits: &mut Waits) -> MutexGuard<'a, T> {
    waits.acquisitions += 1;
    match lock.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        Err(TryLockError::WouldBlock) => {
            let started = Instant::now();
            let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
            waits.contended += 1;
            waits.waited += started.elapsed();
            guard
        }
    }
}

/// `lock().await` on a tokio mutex, measured the same way.
async fn lock_counting_async<'a, T>(
    lock: &'a tokio::sync::Mutex<T>,
    waits: &mut Waits,
) -> tokio::sync::MutexGuard<'a, T> {
    waits.acquisitions += 1;
    match lock.try_lock() {
        Ok(guard) => guard,
        Err(_) => {
            let started = Instant::now();
            let guard = lock.lock().await;
            waits.contended += 1;
            waits.waited += started.elapsed();
            guard
        }
    }
}
// ANCHOR_END: waits

/// The slow step each delivery of the first workload waits for.
const STEP: Duration = Duration::from_millis(1);
/// Deliveries per task in the first workload.
const STEPS_PER_TASK: u64 = 8;
const TASK_COUNTS: [usize; 4] = [1, 4, 16, 64];

/// Where the first workload's tasks wait for their slow step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Hold {
    /// Lock, await the step, update, unlock: one tokio mutex.
    Held,
    /// The same, with one tokio mutex per shard of the aggregates.
    Sharded,
    /// Await the step first, then lock a std mutex for the update only.
    Released,
}

const HOLDS: [Hold; 3] = [Hold::Held, Hold::Sharded, Hold::Released];

impl Hold {
    fn name(self) -> &'static str {
        match self {
            Hold::Held => "held-across-await",
            Hold::Sharded => "sharded-across-await",
            Hold::Released => "released-before-await",
        }
    }
}

// ANCHOR: hold
/// One delivery of the first workload, in each design.
async fn deliver_after_step(
    hold: Hold,
    aggregate: u32,
    one: &tokio::sync::Mutex<Counts>,
    shards: &[tokio::sync::Mutex<Counts>],
    counts: &Mutex<Counts>,
    waits: &mut Waits,
) {
    match hold {
        Hold::Held => {
            let mut map = lock_counting_async(one, waits).await;
            tokio::time::sleep(STEP).await; // the slow step, lock held
            *map.entry(aggregate).or_default() += 1;
        }
        Hold::Sharded => {
            let shard = &shards[aggregate as usize % shards.len()];
            let mut map = lock_counting_async(shard, waits).await;
            tokio::time::sleep(STEP).await; // the slow step, shard held
            *map.entry(aggregate).or_default() += 1;
        }
        Hold::Released => {
            tokio::time::sleep(STEP).await; // the slow step, no lock
            *lock_counting(counts, waits).entry(aggregate).or_default() += 1;
        }
    }
}
// ANCHOR_END: hold

/// Runs the first workload: `tasks` tasks on a two-worker runtime.
fn run_hold(hold: Hold, tasks: usize) -> Run {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let one = Arc::new(tokio::sync::Mutex::new(Counts::new()));
        let shards: Arc<Vec<tokio::sync::Mutex<Counts>>> = Arc::new(
            (0..SHARDS)
                .map(|_| tokio::sync::Mutex::new(Counts::new()))
                .collect(),
        );
        let counts = Arc::new(Mutex::new(Counts::new()));
        let started = Instant::now();
        let mut running = tokio::task::JoinSet::new();
        for task in 0..tasks {
            let (one, shards, counts) =
                (Arc::clone(&one), Arc::clone(&shards), Arc::clone(&counts));
            running.spawn(async move {
                let mut waits = Waits::default();
                for seq in 0..STEPS_PER_TASK {
                    let aggregate = deliver(task, seq);
                    deliver_after_step(hold, aggregate, &one, &shards, &counts, &mut waits).await;
                }
                waits
            });
        }
        let mut waits = Waits::default();
        while let Some(done) = running.join_next().await {
            waits.add(done.expect("a counting task does not panic"));
        }
        let elapsed = started.elapsed();
        let mut maps = vec![std::mem::take(&mut *one.lock().await)];
        for shard in shards.iter() {
            maps.push(std::mem::take(&mut *shard.lock().await));
        }
        maps.push(std::mem::take(
            &mut *counts.lock().unwrap_or_else(PoisonError::into_inner),
        ));
        Run {
            counts: into_vec(maps),
            elapsed,
            waits,
            cores: None,
        }
    })
}

/// The ways to keep the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Strategy {
    /// One `std::sync::Mutex<HashMap>` shared by every task.
    StdMutex,
    /// One `tokio::sync::Mutex<HashMap>`, locked with `.await`.
    TokioMutex,
    /// [`SHARDS`] std mutexes, each owning the aggregates that hash to it.
    Sharded,
    /// One `AtomicU64` per aggregate (the keys are known in advance).
    Atomics,
    /// Each task counts into its own map; the maps are merged at the end.
    PerWorker,
}

const STRATEGIES: [Strategy; 5] = [
    Strategy::StdMutex,
    Strategy::TokioMutex,
    Strategy::Sharded,
    Strategy::Atomics,
    Strategy::PerWorker,
];

impl Strategy {
    fn name(self) -> &'static str {
        match self {
            Strategy::StdMutex => "std-mutex",
            Strategy::TokioMutex => "tokio-mutex",
            Strategy::Sharded => "sharded",
            Strategy::Atomics => "atomics",
            Strategy::PerWorker => "per-worker",
        }
    }
}

/// What one run produced: the counts per aggregate, how long it took, and
/// the lock waits of all tasks together.
struct Run {
    counts: Vec<u64>,
    elapsed: Duration,
    waits: Waits,
    /// CPU time used over wall time: how many cores the run really had.
    cores: Option<f64>,
}

/// CPU time used so far by all of this process's threads, from Linux's
/// `/proc/self/task/*/schedstat` (nanoseconds on a CPU); `None` elsewhere.
fn process_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

type Counts = HashMap<u32, u64>;

// ANCHOR: shard
/// A shard on a cache line of its own: two shards that shared a line would
/// make their lockers fight over the line even when the locks differ.
#[repr(align(64))]
#[derive(Default)]
struct Shard(Mutex<Counts>);
// ANCHOR_END: shard

fn into_vec(maps: impl IntoIterator<Item = Counts>) -> Vec<u64> {
    let mut counts = vec![0; AGGREGATES as usize];
    for map in maps {
        for (aggregate, n) in map {
            counts[aggregate as usize] += n;
        }
    }
    counts
}

/// Counts `deliveries` deliveries with `workers` tasks on a runtime with
/// `workers` worker threads.
fn run(strategy: Strategy, workers: usize, deliveries: u64) -> Run {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .build()
        .expect("a runtime");
    runtime.block_on(count(strategy, workers, deliveries))
}

// ANCHOR: count
async fn count(strategy: Strategy, workers: usize, deliveries: u64) -> Run {
    let per_task = deliveries / workers as u64;
    let std_map = Arc::new(Mutex::new(Counts::new()));
    let tokio_map = Arc::new(tokio::sync::Mutex::new(Counts::new()));
    let shards: Arc<Vec<Shard>> = Arc::new((0..SHARDS).map(|_| Shard::default()).collect());
    let atomics: Arc<Vec<AtomicU64>> =
        Arc::new((0..AGGREGATES).map(|_| AtomicU64::new(0)).collect());

    let (started, cpu_before) = (Instant::now(), process_cpu());
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let (std_map, tokio_map) = (Arc::clone(&std_map), Arc::clone(&tokio_map));
        let (shards, atomics) = (Arc::clone(&shards), Arc::clone(&atomics));
        tasks.spawn(async move {
            let mut waits = Waits::default();
            let mut mine = Counts::new();
            for seq in 0..per_task {
                let aggregate = deliver(worker, seq);
                match strategy {
                    Strategy::StdMutex => {
                        *lock_counting(&std_map, &mut waits)
                            .entry(aggregate)
                            .or_default() += 1;
                    }
                    Strategy::TokioMutex => {
                        waits.acquisitions += 1;
                        let mut map = match tokio_map.try_lock() {
                            Ok(map) => map,
                            Err(_) => {
                                let waiting = Instant::now();
                                let map = tokio_map.lock().await;
                                waits.contended += 1;
                                waits.waited += waiting.elapsed();
                                map
                            }
                        };
                        *map.entry(aggregate).or_default() += 1;
                    }
                    Strategy::Sharded => {
                        let shard = &shards[aggregate as usize % SHARDS].0;
                        *lock_counting(shard, &mut waits)
                            .entry(aggregate)
                            .or_default() += 1;
                    }
                    Strategy::Atomics => {
                        atomics[aggregate as usize].fetch_add(1, Ordering::Relaxed);
                    }
                    Strategy::PerWorker => *mine.entry(aggregate).or_default() += 1,
                }
            }
            (mine, waits)
        });
    }
    let mut waits = Waits::default();
    let mut locals = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (mine, task_waits) = done.expect("a counting task does not panic");
        waits.add(task_waits);
        locals.push(mine);
    }
    let counts = match strategy {
        Strategy::PerWorker => into_vec(locals),
        Strategy::StdMutex => into_vec([std::mem::take(
            &mut *std_map.lock().unwrap_or_else(PoisonError::into_inner),
        )]),
        Strategy::TokioMutex => into_vec([std::mem::take(&mut *tokio_map.lock().await)]),
        Strategy::Sharded => into_vec(
            shards
                .iter()
                .map(|s| std::mem::take(&mut *s.0.lock().unwrap_or_else(PoisonError::into_inner))),
        ),
        Strategy::Atomics => atomics.iter().map(|a| a.load(Ordering::Relaxed)).collect(),
    };
    let elapsed = started.elapsed();
    let cores = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| (after - before).as_secs_f64() / elapsed.as_secs_f64());
    Run {
        counts,
        elapsed,
        waits,
        cores,
    }
}
// ANCHOR_END: count

/// Deliveries per run in the second workload's table, and in the quick check.
const MEASURED: u64 = 1_000_000;
const QUICK: u64 = 8_000;
const WORKERS: [usize; 3] = [1, 2, 4];
const ROUNDS: usize = 3;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The share of acquisitions that found the lock taken, and the share of
/// the tasks' time spent waiting for it.
fn wait_shares(run: &Run, tasks: usize) -> (f64, f64) {
    let w = run.waits;
    let found_taken = w.contended as f64 / w.acquisitions.max(1) as f64;
    let waiting = w.waited.as_secs_f64() / (run.elapsed.as_secs_f64() * tasks as f64);
    (found_taken, waiting)
}

// ANCHOR: figures_hold
/// The first table: throughput against the number of tasks, and the
/// checked ratios (64 tasks over 1).
fn hold_table(only: Option<&str>) -> (Vec<String>, String) {
    let holds: Vec<Hold> = HOLDS
        .into_iter()
        .filter(|h| only.is_none_or(|o| o == h.name()))
        .collect();
    let mut rows = Vec::new();
    for &hold in &holds {
        // A run that finishes in a few milliseconds shows one hiccup of the
        // machine: the median of several runs, except for the one lock held
        // by 16 or 64 tasks, which takes long enough (and costs a second).
        let mut runs = Vec::new();
        let mut rates = Vec::new();
        for &tasks in &TASK_COUNTS {
            let repeats = match (hold, tasks) {
                (Hold::Held, 16..) => 1,
                (_, 16..) => 3,
                _ => 5,
            };
            let mut tries: Vec<Run> = (0..repeats).map(|_| run_hold(hold, tasks)).collect();
            tries.sort_by_key(|r| r.elapsed);
            let run = tries.swap_remove(tries.len() / 2);
            rates.push((tasks as u64 * STEPS_PER_TASK) as f64 / run.elapsed.as_secs_f64());
            runs.push(run);
        }
        let most = TASK_COUNTS.len() - 1;
        rows.push((hold, rates, wait_shares(&runs[most], TASK_COUNTS[most])));
    }
    let ratio = |rates: &[f64]| rates[rates.len() - 1] / rates[0];
    let pairs: Vec<String> = rows
        .iter()
        .map(|(h, rates, _)| format!("{}={:.3}", h.name(), ratio(rates)))
        .collect();
    let mut table = String::from(
        "| Where the slow step is awaited | 1 task | 4 tasks | 16 tasks | 64 tasks | 64 tasks ÷ 1 | Lock found taken (64 tasks) | Time spent waiting (64 tasks) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (hold, rates, (taken, waiting)) in &rows {
        let per_second: Vec<String> = rates.iter().map(|r| format!("{r:.0}/s")).collect();
        table.push_str(&format!(
            "| {} | {} | {:.1}× | {} | {} |\n",
            hold.name(),
            per_second.join(" | "),
            ratio(rates),
            percent(*taken),
            percent(*waiting),
        ));
    }
    (pairs, table)
}
// ANCHOR_END: figures_hold

/// The second table: a short critical section, 1, 2 and 4 workers, in CPU
/// time per delivery (a thread the machine's other load takes off its core
/// uses no CPU time meanwhile, so this measure holds up better than
/// deliveries per second). Checked: each design's one-worker cost over the
/// std mutex's, which no other load changes much. Whether two workers ever
/// run at once depends on that other load ("cores used" reports it), so the
/// two- and four-worker columns are shown, not checked.
fn cpu_table() -> (Vec<String>, String) {
    // Rounds interleave every strategy and worker count, so a burst of load
    // from elsewhere on the machine hits them all alike.
    let mut cpu: HashMap<(Strategy, usize), Vec<f64>> = HashMap::new();
    let mut at_two: HashMap<Strategy, Vec<(f64, f64)>> = HashMap::new();
    for _ in 0..ROUNDS {
        for strategy in STRATEGIES {
            for workers in WORKERS {
                let run = run(strategy, workers, MEASURED);
                let cores = run.cores.unwrap_or(f64::NAN);
                let ns = cores * run.elapsed.as_secs_f64() * 1e9 / MEASURED as f64;
                cpu.entry((strategy, workers)).or_default().push(ns);
                if workers == 2 {
                    let (taken, _) = wait_shares(&run, workers);
                    at_two.entry(strategy).or_default().push((taken, cores));
                }
            }
        }
    }
    let ns = |s: Strategy, w: usize| median(cpu[&(s, w)].clone());
    let shown = |x: f64, text: String| if x.is_nan() { "n/a".to_owned() } else { text };
    let mut table = String::from(
        "| Short critical section | CPU per delivery, 1 worker | 1 worker ÷ std-mutex | 2 workers | 4 workers | 2 workers ÷ 1 | Cores used (2 workers) | Lock found taken (2 workers) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let alone = |s: Strategy| ns(s, 1) / ns(Strategy::StdMutex, 1);
    let pairs = STRATEGIES
        .into_iter()
        .filter(|&s| s != Strategy::StdMutex)
        .map(|s| format!("{}={:.3}", s.name(), alone(s)))
        .collect();
    for s in STRATEGIES {
        let w = &at_two[&s];
        let taken = median(w.iter().map(|x| x.0).collect());
        let cores = median(w.iter().map(|x| x.1).collect());
        let taken = if matches!(s, Strategy::Atomics | Strategy::PerWorker) {
            "no lock".to_owned()
        } else {
            format!("{:.1}%", taken * 100.0)
        };
        let cell = |w: usize| shown(ns(s, w), format!("{:.0} ns", ns(s, w)));
        let ratio = ns(s, 2) / ns(s, 1);
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {taken} |\n",
            s.name(),
            cell(1),
            shown(alone(s), format!("{:.2}×", alone(s))),
            cell(2),
            cell(4),
            shown(ratio, format!("{ratio:.2}×")),
            shown(cores, format!("{cores:.1}")),
        ));
    }
    (pairs, table)
}

fn figures(only: Option<&str>) {
    // Re-measuring one drifted row: a hold measures that row alone; a
    // strategy's ratio needs the std mutex's cost too, so it takes the
    // second table whole.
    let is_hold = only.is_some_and(|o| HOLDS.iter().any(|h| h.name() == o));
    let is_strategy = only.is_some_and(|o| STRATEGIES.iter().any(|s| s.name() == o));
    let (mut pairs, mut tables) = (Vec::new(), Vec::new());
    if only.is_none() || is_hold {
        let (p, t) = hold_table(only);
        pairs.extend(p);
        tables.push(t);
    }
    if only.is_none() || is_strategy {
        let (p, t) = cpu_table();
        pairs.extend(p);
        tables.push(t);
    }
    println!("<!-- figures: {} -->", pairs.join(" "));
    print!("{}", tables.join("\n"));
    if only.is_some() {
        return;
    }
    println!(
        "\n<p class=\"figure-note\">Measured by <code>cargo course figures --bless</code> \
         (<code>cargo run --release -p m15-performance --example contention_counts -- \
         --figures</code>) on the two-core machine that built this book, on a runtime of two \
         workers for the first table and of as many workers as tasks for the second. First \
         table: each task makes {STEPS_PER_TASK} deliveries (the median of several runs where \
         a run is short), each after a slow step of an \
         awaited {STEP:?} sleep (tokio's timers round it up to the next millisecond); its \
         64-tasks-over-1 ratios are what the course checks. Second table: CPU time \
         per delivery, the median of {ROUNDS} rounds of {MEASURED} deliveries over \
         {AGGREGATES} aggregates; the course checks its one-worker ratios, which the \
         machine's other load hardly moves. The two- and four-worker columns depend on that \
         load and are shown, not checked: <em>Cores used</em> is the CPU time the program \
         got over the wall-clock time, 2.0 when both workers ran all the time. To let them, the \
         figure was blessed in a session given a larger share of the shared machine's CPU \
         (Linux autogroup nice -15).</p>"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--figures") {
        let only = match args.get(1).map(String::as_str) {
            Some("--only") => args.get(2).map(String::as_str),
            _ => None,
        };
        figures(only);
        return;
    }
    // The answers, not the times: every design must count the same.
    for hold in HOLDS {
        for tasks in [1, 16] {
            let run = run_hold(hold, tasks);
            let total: u64 = run.counts.iter().sum();
            println!("{:<22} {tasks:>2} task(s): {total} deliveries", hold.name());
        }
    }
    for strategy in STRATEGIES {
        for workers in WORKERS {
            let run = run(strategy, workers, QUICK);
            let total: u64 = run.counts.iter().sum();
            println!(
                "{:<12} {workers} worker(s): {total} deliveries, busiest aggregate {}",
                strategy.name(),
                run.counts.iter().max().copied().unwrap_or(0),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strategy_counts_every_delivery_alike() {
        for workers in [1, 2, 4] {
            let expected = run(Strategy::PerWorker, workers, QUICK).counts;
            assert_eq!(expected.iter().sum::<u64>(), QUICK);
            for strategy in STRATEGIES {
                let run = run(strategy, workers, QUICK);
                assert_eq!(run.counts, expected, "{} with {workers}", strategy.name());
            }
        }
    }

    #[test]
    fn every_hold_counts_the_same_and_only_the_held_lock_serialises() {
        let expected = run(Strategy::PerWorker, 16, 16 * STEPS_PER_TASK).counts;
        let mut elapsed = HashMap::new();
        for hold in HOLDS {
            let run = run_hold(hold, 16);
            assert_eq!(run.counts, expected, "{}", hold.name());
            elapsed.insert(hold, run.elapsed);
        }
        // 16 tasks behind one lock wait for 16 × 8 steps in a row; released
        // before the step, they wait for 8 steps side by side.
        assert!(elapsed[&Hold::Held] >= STEP * 16 * 8);
        assert!(elapsed[&Hold::Held] > elapsed[&Hold::Released] * 4);
    }

    #[test]
    fn lock_counting_times_only_a_contended_lock() {
        let lock = Mutex::new(0);
        let mut waits = Waits::default();
        *lock_counting(&lock, &mut waits) += 1;
        assert_eq!((waits.acquisitions, waits.contended), (1, 0));
        std::thread::scope(|s| {
            let held = lock.lock().expect("not poisoned");
            let waiter = s.spawn(|| {
                let mut waits = Waits::default();
                *lock_counting(&lock, &mut waits) += 1;
                waits
            });
            std::thread::sleep(Duration::from_millis(20));
            drop(held);
            let waits = waiter.join().expect("no panic");
            assert_eq!((waits.acquisitions, waits.contended), (1, 1));
            assert!(waits.waited >= Duration::from_millis(10), "{waits:?}");
        });
    }
}
