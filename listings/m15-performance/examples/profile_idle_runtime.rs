//! Lesson 15.2: what a CPU profiler can see of an async runtime that waits.
//!
//! `perf record` samples threads that are running. A task waiting for a
//! broker's ack or a timer is not running, and neither is the worker thread
//! parked under it, so a profile of a service that mostly waits has few
//! samples, and they sit in the runtime's park and the kernel's `epoll_wait`.
//! This program measures the same thing perf stat's "CPUs utilized" does:
//! CPU time used while the runtime waited, against wall-clock time.
//!
//! `cargo run -p m15-performance --example profile_idle_runtime` (Linux: it
//! reads its CPU time from /proc/self/stat).

use std::time::{Duration, Instant};

/// User plus system CPU time of this process, all threads, from
/// `/proc/self/stat` (fields 14 and 15, in ticks of 1/100 s).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after it don't.
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // `fields[0]` is field 3 of the file, so utime and stime are 11 and 12.
    let ticks = fields.get(11)? + fields.get(12)?;
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time used while `work` ran, and the wall-clock time it took.
async fn measure<F: std::future::Future<Output = ()>>(work: F) -> (Duration, Duration) {
    let (wall, cpu) = (Instant::now(), cpu_time().unwrap_or_default());
    work.await;
    let used = cpu_time().unwrap_or_default().saturating_sub(cpu);
    (used, wall.elapsed())
}

// ANCHOR: idle
/// Four tasks that wait for 300 ms, as the relay waits for acks: the
/// workers have nothing to run and park in the kernel.
async fn waiting() {
    let tasks: Vec<_> = (0..4)
        .map(|_| tokio::spawn(tokio::time::sleep(Duration::from_millis(300))))
        .collect();
    for task in tasks {
        task.await.expect("a sleeping task does not panic");
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (cpu, wall) = measure(waiting()).await;
    let utilized = cpu.as_secs_f64() / wall.as_secs_f64();
    println!("waited 300 ms with 4 tasks on 2 worker threads");
    println!(
        "CPU time under a tenth of wall-clock time: {}",
        utilized < 0.1
    );
    println!("a CPU profile of those 300 ms would be nearly empty");
}
// ANCHOR_END: idle

#[cfg(test)]
mod tests {
    use super::*;

    // One test only: the CPU time is the whole process's, and tests in one
    // binary run side by side.
    #[test]
    fn a_waiting_runtime_uses_almost_no_cpu() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let (cpu, wall) = runtime.block_on(measure(waiting()));
        assert!(wall >= Duration::from_millis(300), "{wall:?}");
        assert!(cpu < wall / 10, "{cpu:?} of CPU in {wall:?}");
    }
}
