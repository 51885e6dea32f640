//! Answers to the exercises of lesson 17.3.

use std::time::Duration;
use tokio::sync::watch;
use tokio::time::{self, Instant};

// ANCHOR: answer1
mod answer1 {
    use std::time::Duration;

    /// Kubernetes-style crash-loop backoff: the wait doubles with each crash
    /// in a row, up to `max`, and starts over once an incarnation has run
    /// for at least `reset_after` before it failed.
    #[derive(Debug)]
    pub(crate) struct CrashLoop {
        pub(crate) base: Duration,
        pub(crate) max: Duration,
        pub(crate) reset_after: Duration,
        crashes_in_a_row: u32,
    }

    impl CrashLoop {
        pub(crate) fn new(base: Duration, max: Duration, reset_after: Duration) -> Self {
            CrashLoop {
                base,
                max,
                reset_after,
                crashes_in_a_row: 0,
            }
        }

        /// A worker failed after running for `ran`: how long to wait before restarting it.
        pub(crate) fn next_delay(&mut self, ran: Duration) -> Duration {
            if ran >= self.reset_after {
                self.crashes_in_a_row = 0;
            }
            self.crashes_in_a_row += 1;
            let doubling = 1u32 << (self.crashes_in_a_row - 1).min(20);
            self.base.saturating_mul(doubling).min(self.max)
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer3
mod answer3 {
    use std::future::Future;
    use std::time::Duration;
    use tokio::sync::watch;
    use tokio::time::{self, Instant};

    /// Runs `work` to completion, beating every `every` while it runs, so a
    /// long but healthy job is never mistaken for a hang.
    pub(crate) async fn beat_while<F: Future>(
        work: F,
        heartbeat: &watch::Sender<Instant>,
        every: Duration,
    ) -> F::Output {
        let mut ticks = time::interval(every);
        let mut work = std::pin::pin!(work);
        loop {
            tokio::select! {
                output = &mut work => return output,
                _ = ticks.tick() => {
                    heartbeat.send_replace(Instant::now());
                }
            }
        }
    }
}
// ANCHOR_END: answer3

async fn demo() {
    let mut crash_loop = answer1::CrashLoop::new(
        Duration::from_millis(100),
        Duration::from_secs(5),
        Duration::from_secs(600),
    );
    let ran = [1, 1, 1, 1, 700, 1].map(Duration::from_secs);
    let waits: Vec<String> = ran
        .iter()
        .map(|&ran| format!("{} ms", crash_loop.next_delay(ran).as_millis()))
        .collect();
    println!("answer 1: waits {}", waits.join(", "));

    let (beat, heartbeat) = watch::channel(Instant::now());
    let started = Instant::now();
    let watcher = tokio::spawn(async move {
        // Look 1 ms off the beat, so a look and a beat never share an instant.
        time::sleep(Duration::from_millis(1)).await;
        let mut longest = Duration::ZERO;
        while started.elapsed() < Duration::from_millis(300) {
            time::sleep(Duration::from_millis(5)).await;
            longest = longest.max(heartbeat.borrow().elapsed());
        }
        longest
    });
    let every = Duration::from_millis(25);
    let job = answer3::beat_while(time::sleep(Duration::from_millis(300)), &beat, every);
    job.await;
    let longest = watcher.await.expect("the watcher does not panic");
    // The exact gap moves by a millisecond with timer rounding; the verdict does not.
    println!(
        "answer 3: a 300 ms job beating every 25 ms; silent under the 100 ms deadline: {}",
        longest < Duration::from_millis(100)
    );
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(demo());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_loop_doubles_caps_and_resets_after_a_good_run() {
        let mut crash_loop = answer1::CrashLoop::new(
            Duration::from_millis(100),
            Duration::from_millis(500),
            Duration::from_secs(600),
        );
        let quick = Duration::from_secs(1);
        let waits: Vec<u128> = (0..5)
            .map(|_| crash_loop.next_delay(quick).as_millis())
            .collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        // Ten minutes of good running: the next crash starts from the base again.
        let long_run = Duration::from_secs(600);
        assert_eq!(crash_loop.next_delay(long_run), Duration::from_millis(100));
        assert_eq!(crash_loop.next_delay(quick), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn a_long_job_that_beats_never_looks_hung() {
        let (beat, mut heartbeat) = watch::channel(Instant::now());
        let every = Duration::from_millis(25);
        let job = tokio::spawn(async move {
            let work = async {
                time::sleep(Duration::from_millis(300)).await;
                42
            };
            answer3::beat_while(work, &beat, every).await
        });
        let mut last = Instant::now();
        let mut longest = Duration::ZERO;
        while heartbeat.changed().await.is_ok() {
            let now = *heartbeat.borrow_and_update();
            longest = longest.max(now - last);
            last = now;
        }
        assert_eq!(job.await.expect("no panic"), 42);
        assert!(longest <= every, "{longest:?}");
        assert!(last.elapsed() <= every);
    }
}
