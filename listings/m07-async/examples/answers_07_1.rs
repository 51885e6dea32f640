//! Answers to the "Try it" exercises of lesson 07.1.
//!
//! Run with `cargo run -p m07-async --example answers_07_1`. Each future
//! writes what it does into a `Log` it borrows, so the tests can check the
//! order of events as well as the time on tokio's paused clock.

use anyhow::{Result, bail};
use std::cell::RefCell;
use std::time::Duration;
use tokio::time::{Instant, sleep};

/// The lines the futures of one run wrote, in order. A `RefCell` is enough:
/// `join!` and `try_join!` poll their futures in one task, on one thread.
#[derive(Debug, Default)]
struct Log(RefCell<Vec<String>>);

impl Log {
    fn push(&self, line: &str) {
        println!("  {line}");
        self.0.borrow_mut().push(line.to_string());
    }

    #[cfg(test)]
    fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

// ANCHOR: answer2
/// The handshake of `join_vs_sequential.rs`, now 200 ms instead of 80.
async fn connect_broker_slowly(log: &Log) -> &'static str {
    log.push("connect_broker: handshake sent");
    sleep(Duration::from_millis(200)).await;
    log.push("connect_broker: connected");
    "amqp://broker"
}

async fn load_batch(log: &Log) -> usize {
    log.push("load_batch: query sent");
    sleep(Duration::from_millis(120)).await;
    log.push("load_batch: 3 rows back");
    3
}

/// Sequential: 120 + 200 = 320 ms. With `join!`: the longer wait, 200 ms,
/// and the batch (120 ms) now comes back before the broker (200 ms).
async fn both_ways(log: &Log) -> (u128, u128) {
    let start = Instant::now();
    load_batch(log).await;
    connect_broker_slowly(log).await;
    let sequential = start.elapsed().as_millis();
    let start = Instant::now();
    tokio::join!(load_batch(log), connect_broker_slowly(log));
    (sequential, start.elapsed().as_millis())
}
// ANCHOR_END: answer2

/// Prints when the future that owns it is dropped, finished or not.
struct Trace<'a>(&'static str, &'a Log);

impl Drop for Trace<'_> {
    fn drop(&mut self) {
        self.1.push(&format!("{} dropped", self.0));
    }
}

async fn fallible_load(log: &Log) -> Result<usize> {
    let _trace = Trace("load_batch", log);
    sleep(Duration::from_millis(120)).await;
    log.push("load_batch: 3 rows back");
    Ok(3)
}

async fn connect(reachable: bool, log: &Log) -> Result<&'static str> {
    let _trace = Trace("connect_broker", log);
    sleep(Duration::from_millis(50)).await;
    if !reachable {
        bail!("broker refused the connection");
    }
    Ok("amqp://broker")
}

// ANCHOR: answer4
/// `start_relay` with `join!`: both futures always run to the end, and the
/// `match` picks the error out of the tuple of two `Result`s.
async fn start_relay_with_join(reachable: bool, log: &Log) -> Result<(usize, &'static str)> {
    let (rows, broker) = tokio::join!(fallible_load(log), connect(reachable, log));
    match (rows, broker) {
        (Ok(rows), Ok(broker)) => Ok((rows, broker)),
        (Err(error), _) | (_, Err(error)) => Err(error),
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// A third start-up step that fails after 10 ms.
async fn load_config(log: &Log) -> Result<u32> {
    let _trace = Trace("load_config", log);
    sleep(Duration::from_millis(10)).await;
    bail!("config file is malformed")
}

async fn start_relay_with_config(log: &Log) -> Result<(usize, &'static str, u32)> {
    tokio::try_join!(fallible_load(log), connect(true, log), load_config(log))
}
// ANCHOR_END: answer5

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("answer 2: a 200 ms handshake");
    let (sequential, joined) = both_ways(&Log::default()).await;
    println!("  sequential {sequential} ms, join! {joined} ms");

    println!("answer 4: join! with a broker that refuses");
    let log = Log::default();
    let start = Instant::now();
    match start_relay_with_join(false, &log).await {
        Ok((rows, broker)) => println!("  ready: {rows} rows for {broker}"),
        Err(error) => println!("  failed: {error}"),
    }
    println!("  after {} ms", start.elapsed().as_millis());

    println!("answer 5: try_join! with a config that fails first");
    let log = Log::default();
    let start = Instant::now();
    if let Err(error) = start_relay_with_config(&log).await {
        println!("  failed: {error}");
    }
    println!("  after {} ms", start.elapsed().as_millis());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_slower_handshake_changes_both_durations_and_the_order() {
        let log = Log::default();
        assert_eq!(both_ways(&log).await, (320, 200));
        // The last four lines are the join! run.
        assert_eq!(
            log.lines()[4..],
            [
                "load_batch: query sent",
                "connect_broker: handshake sent",
                "load_batch: 3 rows back",
                "connect_broker: connected",
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn join_waits_for_the_slow_load_even_after_the_failure() {
        let log = Log::default();
        let start = Instant::now();
        let error = start_relay_with_join(false, &log)
            .await
            .expect_err("the broker refuses");
        assert_eq!(error.to_string(), "broker refused the connection");
        assert_eq!(start.elapsed(), Duration::from_millis(120));
        assert!(log.lines().contains(&"load_batch: 3 rows back".to_string()));
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_failure_drops_the_other_two() {
        let log = Log::default();
        let start = Instant::now();
        let error = start_relay_with_config(&log)
            .await
            .expect_err("the config fails");
        assert_eq!(error.to_string(), "config file is malformed");
        assert_eq!(start.elapsed(), Duration::from_millis(10));
        assert_eq!(
            log.lines(),
            [
                "load_config dropped",
                "load_batch dropped",
                "connect_broker dropped"
            ]
        );
    }
}
