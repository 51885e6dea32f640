//! Answers to the exercises of lesson 10.4 (CPU-bound work).

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const TICK: Duration = Duration::from_millis(10);

/// FNV-1a over 4 KiB, once.
fn hash_round(data: &[u8; 4096]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// As in `cpu_stall.rs`: hashes until `length` has passed, never awaiting.
fn hash_for(length: Duration) -> u64 {
    let (data, started, mut rounds) = ([0x5a_u8; 4096], Instant::now(), 0);
    while started.elapsed() < length {
        black_box(hash_round(&data));
        rounds += 1;
    }
    rounds
}

/// As in `cpu_stall.rs`: the worst lateness of a tick due every 10 ms.
async fn ticker(stop: Arc<AtomicBool>) -> Duration {
    let (mut worst, mut due) = (Duration::ZERO, Instant::now() + TICK);
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep_until(due.into()).await;
        worst = worst.max(Instant::now().saturating_duration_since(due));
        due = Instant::now() + TICK;
    }
    worst
}

/// Runs the ticker on a runtime with `workers` worker threads while `jobs`
/// copies of `job` run as tasks, and returns the worst tick delay.
fn worst_delay<F, Fut>(workers: usize, jobs: usize, job: F) -> std::io::Result<Duration>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = u64> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()?;
    Ok(runtime.block_on(async {
        let stop = Arc::new(AtomicBool::new(false));
        let ticks = tokio::spawn(ticker(Arc::clone(&stop)));
        tokio::time::sleep(TICK * 3).await;
        let running: Vec<_> = (0..jobs).map(|_| tokio::spawn(job())).collect();
        for handle in running {
            black_box(handle.await.expect("the job does not panic"));
        }
        stop.store(true, Ordering::Relaxed);
        ticks.await.expect("the ticker does not panic")
    }))
}

// ANCHOR: answer1
/// Inline hashing, on two workers: one job leaves a worker free for the
/// ticker; two jobs take both.
fn answer1(length: Duration) -> std::io::Result<(Duration, Duration)> {
    let inline = move || async move { hash_for(length) };
    Ok((worst_delay(2, 1, inline)?, worst_delay(2, 2, inline)?))
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The same work in slices of about a millisecond, with a yield between
/// slices: the task goes back to the scheduler, which runs whatever else
/// is ready (the ticker) before resuming it.
async fn hash_cooperatively(length: Duration) -> u64 {
    let (data, started, mut rounds) = ([0x5a_u8; 4096], Instant::now(), 0);
    let mut slice = Instant::now();
    while started.elapsed() < length {
        black_box(hash_round(&data));
        rounds += 1;
        if slice.elapsed() >= Duration::from_millis(1) {
            tokio::task::yield_now().await;
            slice = Instant::now();
        }
    }
    rounds
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// Eight 100 ms blocking calls on a blocking pool of one thread: how many
/// ran at once, and how long they took together.
fn answer3() -> std::io::Result<(usize, Duration)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(1)
        .build()?;
    let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let started = Instant::now();
    runtime.block_on(async {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (now, peak) = (Arc::clone(&now), Arc::clone(&peak));
                tokio::task::spawn_blocking(move || {
                    peak.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    now.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for handle in handles {
            handle.await.expect("the job does not panic");
        }
    });
    Ok((peak.load(Ordering::SeqCst), started.elapsed()))
}
// ANCHOR_END: answer3

fn verdict(worst: Duration, length: Duration) -> &'static str {
    if worst >= length / 2 {
        "stalled"
    } else {
        "kept ticking"
    }
}

fn main() -> std::io::Result<()> {
    let length = Duration::from_millis(300);
    let (one, two) = answer1(length)?;
    println!("1. two workers, one inline job: {}", verdict(one, length));
    println!("1. two workers, two inline jobs: {}", verdict(two, length));
    let sliced = worst_delay(1, 1, move || hash_cooperatively(length))?;
    println!(
        "2. one worker, hashing in slices: {}",
        verdict(sliced, length)
    );
    let (peak, took) = answer3()?;
    println!(
        "3. pool of one: {peak} at once; took at least 8 x 100 ms: {}",
        took >= Duration::from_millis(800)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best of up to three measurements (see `cpu_stall.rs`: a loaded
    /// machine delays a thread now and then, never three times running).
    fn best_of_three(
        stalled: Duration,
        measure: impl Fn() -> std::io::Result<Duration>,
    ) -> std::io::Result<Duration> {
        let mut best = measure()?;
        for _ in 0..2 {
            if stalled > best * 5 {
                break;
            }
            best = best.min(measure()?);
        }
        Ok(best)
    }

    /// One test, so the measurements do not run beside each other.
    #[test]
    fn spare_workers_and_yields_keep_the_ticker_going() -> std::io::Result<()> {
        let length = Duration::from_millis(300);
        let two = answer1(length)?.1;
        assert!(two >= length / 2, "both workers busy: {two:?}");
        let one = best_of_three(two, || Ok(answer1(length)?.0))?;
        assert!(
            two > one * 5,
            "one job, one spare worker: {one:?} vs {two:?}"
        );
        let sliced = best_of_three(two, || {
            worst_delay(1, 1, move || hash_cooperatively(length))
        })?;
        assert!(two > sliced * 5, "sliced: {sliced:?} vs {two:?}");
        Ok(())
    }

    #[test]
    fn a_pool_of_one_runs_blocking_calls_one_at_a_time() -> std::io::Result<()> {
        let (peak, took) = answer3()?;
        assert_eq!(peak, 1);
        assert!(took >= Duration::from_millis(800));
        Ok(())
    }
}
