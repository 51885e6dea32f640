//! Lesson 08.1: a `watch` channel holds one value: the latest. Receivers
//! wake when it changes and may skip intermediate values, which is exactly
//! right for configuration and for a shutdown flag.

use std::time::Duration;
use tokio::sync::watch;
use tokio::time;

// ANCHOR: config
#[derive(Debug, Clone, PartialEq, Eq)]
struct RelayConfig {
    batch_size: usize,
    paused: bool,
}

/// Applies config changes as they come; returns every value it saw.
/// It is slow (each apply takes 100 ms), so quick successive updates
/// collapse into the latest one.
async fn config_follower(mut rx: watch::Receiver<RelayConfig>) -> Vec<RelayConfig> {
    // The initial value is there from the start.
    let mut seen = vec![rx.borrow_and_update().clone()];
    // `changed` waits for a value newer than the last one marked seen, and
    // returns Err once the sender is dropped.
    while rx.changed().await.is_ok() {
        let config = rx.borrow_and_update().clone(); // clone: never hold the borrow across .await
        time::sleep(Duration::from_millis(100)).await; // applying it takes a while
        seen.push(config);
    }
    seen
}
// ANCHOR_END: config

// ANCHOR: updates
async fn run() -> Vec<RelayConfig> {
    let initial = RelayConfig {
        batch_size: 10,
        paused: false,
    };
    let (tx, rx) = watch::channel(initial);
    let follower = tokio::spawn(config_follower(rx));
    tokio::task::yield_now().await; // let the follower read the initial value

    tx.send_modify(|c| c.batch_size = 50); // seen after the follower wakes
    time::sleep(Duration::from_millis(10)).await;
    tx.send_modify(|c| c.batch_size = 100); // overwritten before the follower looks again
    tx.send_modify(|c| c.paused = true);
    time::sleep(Duration::from_millis(500)).await;
    drop(tx); // closes the channel: `changed` returns Err
    follower.await.expect("the follower does not panic")
}
// ANCHOR_END: updates

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    for config in runtime.block_on(run()) {
        println!("applied {config:?}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_slow_follower_skips_to_the_latest_value() {
        let seen = run().await;
        let sizes: Vec<(usize, bool)> = seen.iter().map(|c| (c.batch_size, c.paused)).collect();
        assert_eq!(sizes, [(10, false), (50, false), (100, true)]);
    }

    #[tokio::test]
    async fn a_shutdown_flag_wakes_every_waiter() {
        let (tx, rx) = watch::channel(false);
        let mut waiters = tokio::task::JoinSet::new();
        for _ in 0..3 {
            let mut rx = rx.clone();
            waiters.spawn(async move { rx.wait_for(|&stop| stop).await.map(|_| ()).is_ok() });
        }
        tx.send(true).expect("receivers exist");
        assert_eq!(waiters.join_all().await, [true, true, true]);
    }
}
