//! Lesson 15.3: a blocking call inside async tasks, found with tokio-metrics
//! and moved off the runtime's workers.
//!
//! Two archiver tasks write batches to an archive with a synchronous call
//! that blocks for 20 ms, on a runtime with two workers. A heartbeat task
//! wants to run every 5 ms. The run is measured three ways (the call made
//! inline, on `spawn_blocking`, under `block_in_place`) with a `TaskMonitor`
//! on each kind of task and a `RuntimeMonitor` on the runtime, all stable
//! tokio: no `tokio_unstable` needed.
//!
//! `cargo run --release -p m15-performance --example stall_heartbeat -- --figures`
//! prints the book's table; without arguments it prints a verdict per way.

use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_metrics::{RuntimeMonitor, TaskMetrics, TaskMonitor};

/// The runtime's worker threads: as many as this machine has cores.
const WORKERS: usize = 2;
/// How often the heartbeat wants to run.
const TICK: Duration = Duration::from_millis(5);
/// How long the synchronous call blocks its thread.
const CALL: Duration = Duration::from_millis(20);
/// Archive calls per archiver task.
const CALLS: u32 = 12;
/// The archiver's wait for its next batch, an ordinary `.await`.
const NEXT_BATCH: Duration = Duration::from_millis(2);
/// A poll longer than this counts as slow.
const SLOW_POLL: Duration = Duration::from_millis(1);

// ANCHOR: blocking_call
/// Appends a batch to the archive and waits until the disk has it. The
/// wait is the point here, so a sleep stands in for a synchronous `fsync` on
/// a busy disk (or a DNS lookup through `ToSocketAddrs`, or a blocking HTTP
/// client): it blocks the calling thread for [`CALL`], every time, on any
/// machine. Returns the batch's checksum.
fn archive_batch(batch: &[u8]) -> u32 {
    std::thread::sleep(CALL);
    batch
        .iter()
        .fold(0u32, |sum, &b| sum.rotate_left(5) ^ u32::from(b))
}
// ANCHOR_END: blocking_call

/// Where the archiver makes its blocking call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Directly in the async task: the stall.
    Inline,
    /// On tokio's blocking pool; the task awaits the answer.
    SpawnBlocking,
    /// On the worker, after handing the worker's other tasks to a new thread.
    BlockInPlace,
}

const WAYS: [Way; 3] = [Way::Inline, Way::SpawnBlocking, Way::BlockInPlace];

impl Way {
    fn name(self) -> &'static str {
        match self {
            Way::Inline => "inline",
            Way::SpawnBlocking => "spawn_blocking",
            Way::BlockInPlace => "block_in_place",
        }
    }
}

// ANCHOR: archiver
async fn archiver(way: Way, id: u8) -> u32 {
    let mut sum = 0;
    for n in 0..CALLS {
        let batch = vec![id ^ n as u8; 64 * 1024];
        sum ^= match way {
            Way::Inline => archive_batch(&batch),
            Way::SpawnBlocking => tokio::task::spawn_blocking(move || archive_batch(&batch))
                .await
                .expect("archiving does not panic"),
            Way::BlockInPlace => tokio::task::block_in_place(|| archive_batch(&batch)),
        };
        tokio::time::sleep(NEXT_BATCH).await; // wait for the next batch
    }
    sum
}
// ANCHOR_END: archiver

// ANCHOR: heartbeat
/// Ticks every [`TICK`] until told to stop; returns how late each tick was.
async fn heartbeat(mut stop: oneshot::Receiver<()>) -> Vec<Duration> {
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut lateness = Vec::new();
    loop {
        tokio::select! {
            _ = &mut stop => return lateness,
            due = ticks.tick() => lateness.push(Instant::now() - due),
        }
    }
}
// ANCHOR_END: heartbeat

/// CPU time this process has used so far, from Linux's `/proc/self/stat`
/// (user plus system time, in ticks of 1/100 s); `None` elsewhere.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// What one run measured.
#[derive(Debug)]
struct Stall {
    /// How late each heartbeat tick was.
    lateness: Vec<Duration>,
    /// The heartbeat task, seen by its `TaskMonitor`.
    heartbeat: TaskMetrics,
    /// The archiver tasks, seen by theirs.
    archivers: TaskMetrics,
    /// The share of the run the workers were busy (not parked), 0 to 1.
    busy: f64,
    /// CPU time the process used during the run, if known.
    cpu: Option<Duration>,
    /// How long the run took.
    elapsed: Duration,
}

impl Stall {
    fn max_lateness(&self) -> Duration {
        self.lateness.iter().max().copied().unwrap_or_default()
    }

    /// The lateness that nine ticks in ten stayed within (nearest rank).
    fn p90_lateness(&self) -> Duration {
        let mut sorted = self.lateness.clone();
        sorted.sort();
        let rank = (sorted.len() * 9).div_ceil(10);
        sorted
            .get(rank.saturating_sub(1))
            .copied()
            .unwrap_or_default()
    }

    /// Ticks due in the run that never ran (skipped while the heartbeat
    /// could not run).
    fn missed_ticks(&self) -> u64 {
        let due = self.elapsed.as_nanos() / TICK.as_nanos();
        (due as u64).saturating_sub(self.lateness.len() as u64)
    }
}

// ANCHOR: measure
fn measure(way: Way) -> Stall {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_time()
        .build()
        .expect("a runtime");
    let runtime_monitor = RuntimeMonitor::new(runtime.handle());
    let heartbeat_monitor = TaskMonitor::new();
    let archiver_monitor = TaskMonitor::with_slow_poll_threshold(SLOW_POLL);
    runtime.block_on(async {
        let (stop, stopped) = oneshot::channel();
        let beating = tokio::spawn(heartbeat_monitor.instrument(heartbeat(stopped)));
        tokio::time::sleep(TICK * 4).await; // let the heartbeat settle
        let mut runtime_intervals = runtime_monitor.intervals();
        runtime_intervals.next(); // start the runtime's interval here
        let (started, cpu_before) = (Instant::now(), process_cpu());
        let archivers: Vec<_> = (0..WORKERS as u8)
            .map(|id| tokio::spawn(archiver_monitor.instrument(archiver(way, id))))
            .collect();
        for archiver in archivers {
            archiver.await.expect("an archiver does not panic");
        }
        let elapsed = started.elapsed();
        let cpu = process_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        let runtime_metrics = runtime_intervals.next().expect("always another interval");
        let _ = stop.send(());
        let mut lateness = beating.await.expect("the heartbeat does not panic");
        lateness.drain(..4); // the ticks before the archivers started
        Stall {
            lateness,
            heartbeat: heartbeat_monitor.cumulative(),
            archivers: archiver_monitor.cumulative(),
            busy: runtime_metrics.busy_ratio() / WORKERS as f64,
            cpu,
            elapsed,
        }
    })
}
// ANCHOR_END: measure

fn ms(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{} µs", d.as_micros())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}

/// The share of the run's worker time that the process spent on a CPU.
fn cpu_share(s: &Stall) -> String {
    s.cpu.map_or("n/a".into(), |cpu| {
        let share = cpu.as_secs_f64() / (s.elapsed.as_secs_f64() * WORKERS as f64);
        format!("{:.0}%", share * 100.0)
    })
}

/// The 90th percentile of lateness in units of one blocking call: the
/// checked ratio. (The worst tick is shown too, but one scheduling hiccup
/// on a busy machine moves it; nine ticks in ten are a steadier measure.)
fn in_calls(s: &Stall) -> f64 {
    s.p90_lateness().as_secs_f64() / CALL.as_secs_f64()
}

// ANCHOR: figures
fn figures(only: Option<&str>) {
    let stalls: Vec<(Way, Stall)> = WAYS
        .into_iter()
        .filter(|w| only.is_none_or(|o| o == w.name()))
        .map(|w| (w, measure(w)))
        .collect();
    let pairs: Vec<String> = stalls
        .iter()
        .map(|(w, s)| format!("{}={:.3}", w.name(), in_calls(s)))
        .collect();
    println!("<!-- figures: {} -->", pairs.join(" "));
    println!(
        "| Blocking call made | Heartbeat: 9 ticks in 10 late by at most | In blocking calls | Worst tick | Ticks that ran | Archivers: slow polls | Archivers: mean poll | Heartbeat: mean scheduled delay | Workers busy | CPU used |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (way, s) in &stalls {
        let due = s.missed_ticks() + s.lateness.len() as u64;
        println!(
            "| {} | {} | {:.2}× | {} | {} of {due} | {} of {} | {} | {} | {:.0}% | {} |",
            way.name(),
            ms(s.p90_lateness()),
            in_calls(s),
            ms(s.max_lateness()),
            s.lateness.len(),
            s.archivers.total_slow_poll_count,
            s.archivers.total_poll_count,
            ms(s.archivers.mean_poll_duration()),
            ms(s.heartbeat.mean_scheduled_duration()),
            s.busy * 100.0,
            cpu_share(s),
        );
    }
    println!(
        "\n<p class=\"figure-note\">One run of each way on a runtime of two workers, on the \
         two-core machine that built this book: two archiver tasks each make 12 blocking calls \
         of 20 ms, 2 ms apart, while a heartbeat is due every 5 ms. A slow poll is one over \
         1 ms; <em>Workers busy</em> is tokio's busy time over the run, <em>CPU used</em> the \
         process's CPU time, both as a share of two workers' time. Measured by \
         <code>cargo course figures --bless</code> (<code>cargo run --release -p \
         m15-performance --example stall_heartbeat -- --figures</code>); the lateness of nine \
         ticks in ten, in blocking calls, is what the course checks.</p>"
    );
}
// ANCHOR_END: figures

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
    // Verdicts, not times: the times differ on every run.
    let calls = u64::from(CALLS) * WORKERS as u64;
    println!("a heartbeat due every 5 ms; {WORKERS} archivers, {calls} blocking calls of 20 ms:");
    for way in WAYS {
        let s = measure(way);
        let heartbeat = if s.p90_lateness() >= CALL / 2 {
            "stalled (ticks waited about a whole call)"
        } else {
            "kept time"
        };
        let polls = if s.archivers.total_slow_poll_count >= calls {
            "every call was a slow poll"
        } else {
            "the calls were not slow polls"
        };
        println!("  {:<15} heartbeat {heartbeat}; {polls}", way.name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test, the measurements in turn: tests run in parallel, and two
    // measurements at once on a two-core machine would disturb each other.
    #[test]
    fn inline_calls_stall_the_heartbeat_and_the_fixes_do_not() {
        let calls = u64::from(CALLS) * WORKERS as u64;
        let inline = measure(Way::Inline);
        assert!(inline.p90_lateness() >= CALL / 2, "{inline:?}");
        assert!(
            inline.archivers.total_slow_poll_count >= calls,
            "{inline:?}"
        );
        for way in [Way::SpawnBlocking, Way::BlockInPlace] {
            // A loaded machine can delay a thread once: best of three tries.
            let best = (0..3)
                .map(|_| measure(way).p90_lateness())
                .min()
                .unwrap_or_default();
            assert!(best < CALL / 2, "{way:?}: {best:?}");
            assert!(inline.p90_lateness() > best * 4, "{way:?}: {best:?}");
        }
        let in_place = measure(Way::BlockInPlace);
        // block_in_place still blocks inside the poll: the monitor sees it.
        assert!(in_place.archivers.total_slow_poll_count >= calls);
    }

    #[test]
    fn missed_ticks_count_what_the_run_was_due() {
        let stall = Stall {
            lateness: vec![Duration::ZERO; 3],
            heartbeat: TaskMetrics::default(),
            archivers: TaskMetrics::default(),
            busy: 0.0,
            cpu: None,
            elapsed: TICK * 10,
        };
        assert_eq!(stall.missed_ticks(), 7);
        assert_eq!(cpu_share(&stall), "n/a");
        let ticks = (1..=20).map(Duration::from_millis).collect();
        let spread = Stall {
            lateness: ticks,
            ..stall
        };
        assert_eq!(spread.p90_lateness(), Duration::from_millis(18));
        assert_eq!(spread.max_lateness(), Duration::from_millis(20));
    }
}
