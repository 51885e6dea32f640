//! Lesson 07.1: `try_join!` runs fallible futures concurrently and returns
//! the first error at once. The futures still running are dropped, which
//! cancels them: they never reach their next line.

use anyhow::{Result, bail};
use std::time::Duration;
use tokio::time::{Instant, sleep};

// ANCHOR: fallible
async fn load_batch() -> Result<usize> {
    let _trace = Trace("load_batch");
    sleep(Duration::from_millis(120)).await;
    println!("  load_batch: 3 rows back");
    Ok(3)
}

async fn connect_broker(reachable: bool) -> Result<&'static str> {
    let _trace = Trace("connect_broker");
    sleep(Duration::from_millis(50)).await;
    if !reachable {
        bail!("broker refused the connection");
    }
    Ok("amqp://broker")
}

/// Prints when the future that owns it is dropped, finished or not.
struct Trace(&'static str);

impl Drop for Trace {
    fn drop(&mut self) {
        println!("  {} dropped", self.0);
    }
}
// ANCHOR_END: fallible

// ANCHOR: main
async fn start_relay(reachable: bool) -> Result<(usize, &'static str)> {
    tokio::try_join!(load_batch(), connect_broker(reachable))
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for reachable in [true, false] {
        println!("broker reachable: {reachable}");
        let start = Instant::now();
        match start_relay(reachable).await {
            Ok((rows, broker)) => println!("  ready: {rows} rows for {broker}"),
            Err(e) => println!("  failed: {e}"),
        }
        println!("  after {} ms", start.elapsed().as_millis());
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn first_error_wins_without_waiting_for_the_rest() {
        let start = Instant::now();
        let err = start_relay(false).await.expect_err("broker is down");
        assert_eq!(err.to_string(), "broker refused the connection");
        assert_eq!(start.elapsed(), Duration::from_millis(50));
    }

    #[tokio::test(start_paused = true)]
    async fn success_waits_for_both() {
        let (rows, _) = start_relay(true).await.expect("both succeed");
        assert_eq!(rows, 3);
    }
}
