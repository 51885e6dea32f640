//! Lesson 07.1: two awaits in a row take the sum of their waits; `join!`
//! waits for both at once and takes the longest. The clock is tokio's paused
//! test clock, so the durations printed are exact and the run is instant.

use std::time::Duration;
use tokio::time::{Instant, sleep};

// ANCHOR: steps
/// Stands in for a database query that takes 120 ms.
async fn load_batch() -> usize {
    println!("  load_batch: query sent");
    sleep(Duration::from_millis(120)).await;
    println!("  load_batch: 3 rows back");
    3
}

/// Stands in for a broker handshake that takes 80 ms.
async fn connect_broker() -> &'static str {
    println!("  connect_broker: handshake sent");
    sleep(Duration::from_millis(80)).await;
    println!("  connect_broker: connected");
    "amqp://broker"
}
// ANCHOR_END: steps

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("sequential:");
    let start = Instant::now();
    let rows = load_batch().await;
    let broker = connect_broker().await;
    println!(
        "  {rows} rows for {broker} after {} ms",
        start.elapsed().as_millis()
    );

    println!("concurrent with join!:");
    let start = Instant::now();
    let (rows, broker) = tokio::join!(load_batch(), connect_broker());
    println!(
        "  {rows} rows for {broker} after {} ms",
        start.elapsed().as_millis()
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn join_takes_the_longest_not_the_sum() {
        let start = Instant::now();
        let _ = tokio::join!(load_batch(), connect_broker());
        assert_eq!(start.elapsed(), Duration::from_millis(120));
    }

    #[tokio::test(start_paused = true)]
    async fn sequential_awaits_add_up() {
        let start = Instant::now();
        load_batch().await;
        connect_broker().await;
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }
}
