//! Lesson 07.3: the two runtime flavours, built by hand with
//! `tokio::runtime::Builder` instead of `#[tokio::main]`, and the same small
//! job run on each.

use tokio::runtime::{Builder, Handle, Runtime, RuntimeFlavor};
use tokio::task::JoinError;

// ANCHOR: builders
/// One thread runs everything: the scheduler, the timers, the I/O driver
/// and every task. Cheap and predictable: tests and small tools use it.
fn current_thread_runtime() -> std::io::Result<Runtime> {
    Builder::new_current_thread().enable_all().build()
}

/// A pool of worker threads that steal tasks from each other. This is what
/// `#[tokio::main]` builds, with one worker per CPU core unless told otherwise.
fn multi_thread_runtime(workers: usize) -> std::io::Result<Runtime> {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("relay-worker")
        .enable_all() // timers and I/O; without it `sleep` panics
        .build()
}
// ANCHOR_END: builders

// ANCHOR: job
/// What a runtime reports about itself, and the result of a little job.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    flavor: RuntimeFlavor,
    workers: usize,
    sum: u64,
}

/// Sums 1..=100 in four spawned tasks on `runtime`.
fn run_job(runtime: &Runtime) -> Result<Report, JoinError> {
    runtime.block_on(async {
        let tasks: Vec<_> = (0..4_u64)
            .map(|chunk| {
                tokio::spawn(async move { (chunk * 25 + 1..=chunk * 25 + 25).sum::<u64>() })
            })
            .collect();
        let mut sum = 0;
        for task in tasks {
            sum += task.await?; // Err only if the task panicked or was aborted
        }
        let handle = Handle::current();
        Ok(Report {
            flavor: handle.runtime_flavor(),
            workers: handle.metrics().num_workers(),
            sum,
        })
    })
}
// ANCHOR_END: job

// ANCHOR: main
fn main() -> anyhow::Result<()> {
    let single = run_job(&current_thread_runtime()?)?;
    println!(
        "{:?}: {} worker(s), sum {}",
        single.flavor, single.workers, single.sum
    );

    let pool = run_job(&multi_thread_runtime(2)?)?;
    println!(
        "{:?}: {} worker(s), sum {}",
        pool.flavor, pool.workers, pool.sum
    );
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_flavours_compute_the_same_sum() -> anyhow::Result<()> {
        let single = run_job(&current_thread_runtime()?)?;
        let pool = run_job(&multi_thread_runtime(3)?)?;
        assert_eq!(single.sum, 5050);
        assert_eq!(pool.sum, 5050);
        assert_eq!(single.flavor, RuntimeFlavor::CurrentThread);
        assert_eq!((pool.flavor, pool.workers), (RuntimeFlavor::MultiThread, 3));
        Ok(())
    }

    #[tokio::test]
    async fn tokio_test_uses_a_current_thread_runtime() {
        assert_eq!(
            Handle::current().runtime_flavor(),
            RuntimeFlavor::CurrentThread
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn tests_can_ask_for_a_pool() {
        assert_eq!(Handle::current().metrics().num_workers(), 2);
    }
}
