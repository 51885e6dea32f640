//! Lesson 07.3: `tokio::time` — `sleep`, `interval` and what it does when a
//! tick is missed, and `timeout`. The demo runs on a paused clock, so it
//! finishes at once and prints the same numbers every time.

use std::time::Duration;
use tokio::time::{self, Instant, MissedTickBehavior};

/// Milliseconds since `start` on tokio's clock.
fn ms_since(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: interval
/// Records when the first five ticks of a 100 ms interval fire, when the
/// work done on the first tick stalls for 250 ms.
async fn tick_times(behavior: MissedTickBehavior) -> Vec<u128> {
    let start = Instant::now();
    let mut ticker = time::interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(behavior);
    let mut fired = Vec::new();
    for n in 0..5 {
        ticker.tick().await; // the first tick completes immediately
        fired.push(ms_since(start));
        if n == 0 {
            time::sleep(Duration::from_millis(250)).await; // a slow poll of the outbox
        }
    }
    fired
}
// ANCHOR_END: interval

// ANCHOR: timeout
/// A broker call that takes `latency` to answer.
async fn slow_publish(latency: Duration) -> &'static str {
    time::sleep(latency).await;
    "ack"
}

/// Gives the broker 200 ms; `timeout` turns "too slow" into an `Err`.
async fn publish_with_deadline(latency: Duration) -> Result<&'static str, time::error::Elapsed> {
    time::timeout(Duration::from_millis(200), slow_publish(latency)).await
}
// ANCHOR_END: timeout

// ANCHOR: main
fn main() -> std::io::Result<()> {
    // A current-thread runtime whose clock starts paused: when every task is
    // waiting on a timer, tokio jumps the clock forward instead of sleeping.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;

    runtime.block_on(async {
        let start = Instant::now();
        time::sleep(Duration::from_millis(100)).await;
        println!("slept until t = {} ms", ms_since(start));

        for behavior in [
            MissedTickBehavior::Burst,
            MissedTickBehavior::Delay,
            MissedTickBehavior::Skip,
        ] {
            println!("{behavior:?}: ticks at {:?} ms", tick_times(behavior).await);
        }

        println!(
            "fast broker: {:?}",
            publish_with_deadline(Duration::from_millis(50)).await
        );
        match publish_with_deadline(Duration::from_secs(5)).await {
            Ok(ack) => println!("slow broker: {ack}"),
            Err(elapsed) => println!("slow broker: {elapsed}"),
        }
    });
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn sleep_advances_the_paused_clock_exactly() {
        let start = Instant::now();
        time::sleep(Duration::from_secs(30)).await; // returns at once in real time
        assert_eq!(start.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn burst_catches_up_and_delay_shifts_the_schedule() {
        assert_eq!(
            tick_times(MissedTickBehavior::Burst).await,
            [0, 250, 250, 300, 400]
        );
        assert_eq!(
            tick_times(MissedTickBehavior::Delay).await,
            [0, 250, 350, 450, 550]
        );
        assert_eq!(
            tick_times(MissedTickBehavior::Skip).await,
            [0, 250, 300, 400, 500]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn timeout_fires_at_the_deadline_not_later() {
        let start = Instant::now();
        assert!(publish_with_deadline(Duration::from_secs(5)).await.is_err());
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        assert_eq!(
            publish_with_deadline(Duration::from_millis(199)).await,
            Ok("ack")
        );
    }
    // ANCHOR_END: tests
}
