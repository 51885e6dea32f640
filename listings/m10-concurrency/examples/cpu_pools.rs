//! Lesson 10.4: the two pools for work that does not await. Tokio's
//! blocking pool grows a thread per waiting job, up to a limit (512 by
//! default): right for blocking I/O, wrong for CPU work. Rayon's pool has one
//! thread per core and splits CPU work across them.

use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;

/// Counts how many jobs run at the same time, and the most that ever did.
#[derive(Debug, Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    fn during<T>(&self, job: impl FnOnce() -> T) -> T {
        let running = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(running, Ordering::SeqCst);
        let value = job();
        self.now.fetch_sub(1, Ordering::SeqCst);
        value
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

// ANCHOR: blocking_pool
/// Runs `jobs` blocking calls (a 100 ms sleep stands in for a synchronous
/// file or database call) on a runtime whose blocking pool has at most
/// `limit` threads, and returns how many ever ran at once.
fn blocking_peak(jobs: usize, limit: usize) -> std::io::Result<usize> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(limit) // the default is 512
        .enable_all()
        .build()?;
    let gauge = Arc::new(Gauge::default());
    runtime.block_on(async {
        let handles: Vec<_> = (0..jobs)
            .map(|_| {
                let gauge = Arc::clone(&gauge);
                tokio::task::spawn_blocking(move || {
                    gauge.during(|| std::thread::sleep(Duration::from_millis(100)))
                })
            })
            .collect();
        for handle in handles {
            handle.await.expect("the job does not panic"); // extra jobs queue for a thread
        }
    });
    Ok(gauge.peak())
}
// ANCHOR_END: blocking_pool

// ANCHOR: rayon_pool
/// FNV-1a, as in `cpu_stall.rs`.
fn checksum(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Checksums every payload on rayon's pool, in parallel, and returns the
/// sums in the payloads' order, with the most payloads hashed at once.
async fn checksums(payloads: Vec<Vec<u8>>) -> (Vec<u64>, usize) {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        let gauge = Gauge::default();
        // par_iter splits the slice across the pool's threads; collect()
        // puts the results back in order.
        let sums = std::panic::catch_unwind(|| {
            payloads
                .par_iter()
                .map(|p| gauge.during(|| checksum(p)))
                .collect::<Vec<u64>>()
        });
        let _ = tx.send(sums.map(|sums| (sums, gauge.peak())));
    });
    match rx.await.expect("rayon runs every job it is given") {
        Ok(answer) => answer,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
// ANCHOR_END: rayon_pool

fn main() -> std::io::Result<()> {
    println!(
        "8 blocking calls, default pool: {} at once",
        blocking_peak(8, 512)?
    );
    println!(
        "8 blocking calls, pool of 2:    {} at once",
        blocking_peak(8, 2)?
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "rayon threads == cores: {}",
        rayon::current_num_threads() == cores
    );
    let payloads: Vec<Vec<u8>> = (0..64_u8).map(|i| vec![i; 256 * 1024]).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let (sums, peak) = runtime.block_on(checksums(payloads));
    println!(
        "64 checksums, first {:016x}, last {:016x}",
        sums[0], sums[63]
    );
    println!(
        "at most one per rayon thread at once: {}",
        peak <= rayon::current_num_threads()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocking_pool_grows_to_its_limit_and_no_further() -> std::io::Result<()> {
        assert_eq!(blocking_peak(6, 2)?, 2);
        assert!(blocking_peak(6, 512)? > 2);
        Ok(())
    }

    #[tokio::test]
    async fn rayon_keeps_order_and_never_runs_more_than_its_threads() {
        let payloads: Vec<Vec<u8>> = (0..32_u8).map(|i| vec![i; 1024]).collect();
        let expected: Vec<u64> = payloads.iter().map(|p| checksum(p)).collect();
        let (sums, peak) = checksums(payloads).await;
        assert_eq!(sums, expected);
        assert!(peak >= 1 && peak <= rayon::current_num_threads());
    }
}
