//! Answers to the "Try it" exercises of lesson 07.3.
//!
//! Run with `cargo run -p m07-async --example answers_07_3`.

use std::time::Duration;
use tokio::runtime::{Builder, Runtime};
use tokio::task::{JoinError, JoinSet};
use tokio::time::{self, Instant, MissedTickBehavior};

// ANCHOR: answer1
/// `current_thread_runtime` without `.enable_all()`: it builds, and the
/// first timer panics when it is polled.
fn runtime_without_drivers() -> std::io::Result<Runtime> {
    Builder::new_current_thread().build()
}

fn sleep_on(runtime: &Runtime) {
    runtime.block_on(async {
        time::sleep(Duration::ZERO).await; // panics: no timer driver
    });
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// `tick_times` with the stall as a parameter.
async fn tick_times(behavior: MissedTickBehavior, stall: Duration) -> Vec<u128> {
    let start = Instant::now();
    let mut ticker = time::interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(behavior);
    let mut fired = Vec::new();
    for n in 0..5 {
        ticker.tick().await;
        fired.push(start.elapsed().as_millis());
        if n == 0 {
            time::sleep(stall).await;
        }
    }
    fired
}
// ANCHOR_END: answer2

/// How one delivery attempt ended (from `join_set_batch.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Delivery {
    Sent { aggregate: String, attempt: u32 },
    Failed { aggregate: String, attempt: u32 },
}

/// The scripted broker of the exercise: `order-2` now fails forever.
async fn deliver(aggregate: String, attempt: u32) -> Delivery {
    tokio::task::yield_now().await;
    if aggregate == "order-2" {
        Delivery::Failed { aggregate, attempt }
    } else {
        Delivery::Sent { aggregate, attempt }
    }
}

// ANCHOR: answer4
/// What `deliver_all` reports once every aggregate is sent or given up.
#[derive(Debug, Default, PartialEq, Eq)]
struct Outcome {
    sent: Vec<(String, u32)>,
    gave_up: Vec<(String, u32)>,
}

/// Retries a failure only while it has attempts left, so the set empties
/// and the loop ends even when one aggregate never gets through.
async fn deliver_all(aggregates: &[&str], max_attempts: u32) -> Result<Outcome, JoinError> {
    let mut tasks = JoinSet::new();
    for aggregate in aggregates {
        tasks.spawn(deliver(aggregate.to_string(), 1));
    }
    let mut outcome = Outcome::default();
    while let Some(finished) = tasks.join_next().await {
        match finished? {
            Delivery::Sent { aggregate, attempt } => outcome.sent.push((aggregate, attempt)),
            Delivery::Failed { aggregate, attempt } if attempt < max_attempts => {
                tasks.spawn(deliver(aggregate, attempt + 1));
            }
            Delivery::Failed { aggregate, attempt } => outcome.gave_up.push((aggregate, attempt)),
        }
    }
    outcome.sent.sort();
    Ok(outcome)
}
// ANCHOR_END: answer4

fn main() -> Result<(), Box<dyn std::error::Error>> {
    std::panic::set_hook(Box::new(|_| {})); // the message is printed below
    let bare = runtime_without_drivers()?;
    let panic = std::panic::catch_unwind(|| sleep_on(&bare)).expect_err("the timer panics");
    let message = panic
        .downcast_ref::<&str>()
        .map(|m| m.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    // "A Tokio 1.x context was found, but timers are disabled. Call …"
    let first_sentence = message.split(". ").next().unwrap_or_default();
    println!("no enable_all: {first_sentence}");
    drop(std::panic::take_hook());

    let paused = Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let stall = Duration::from_millis(450);
    for behavior in [
        MissedTickBehavior::Burst,
        MissedTickBehavior::Delay,
        MissedTickBehavior::Skip,
    ] {
        let ticks = paused.block_on(tick_times(behavior, stall));
        println!("{behavior:?} after a 450 ms stall: {ticks:?} ms");
    }
    let outcome = paused.block_on(deliver_all(&["order-3", "order-1", "order-2"], 5))?;
    println!("sent: {:?}", outcome.sent);
    println!("gave up: {:?}", outcome.gave_up);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "timers are disabled")]
    fn a_timer_without_the_time_driver_panics() {
        let runtime = runtime_without_drivers().expect("it builds");
        sleep_on(&runtime);
    }

    #[tokio::test(start_paused = true)]
    async fn a_450_ms_stall() {
        let stall = Duration::from_millis(450);
        assert_eq!(
            tick_times(MissedTickBehavior::Burst, stall).await,
            [0, 450, 450, 450, 450]
        );
        assert_eq!(
            tick_times(MissedTickBehavior::Delay, stall).await,
            [0, 450, 550, 650, 750]
        );
        assert_eq!(
            tick_times(MissedTickBehavior::Skip, stall).await,
            [0, 450, 500, 600, 700]
        );
    }

    #[tokio::test]
    async fn a_message_that_always_fails_is_given_up() -> Result<(), JoinError> {
        let outcome = deliver_all(&["b", "order-2", "a"], 4).await?;
        let owned = |pairs: &[(&str, u32)]| {
            pairs
                .iter()
                .map(|&(a, n)| (a.to_string(), n))
                .collect::<Vec<_>>()
        };
        assert_eq!(outcome.sent, owned(&[("a", 1), ("b", 1)]));
        assert_eq!(outcome.gave_up, owned(&[("order-2", 4)]));
        Ok(())
    }
}
