//! Answers to the "Try it" exercises of lesson 08.2.
//!
//! Run with `cargo run -p m08-channels --example answers_08_2`.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, MissedTickBehavior};

/// The producer of `select_loop.rs`: ids 1..=7, four at once, one at 30 ms,
/// two at 250 ms, then the channel closes.
fn start_producer() -> mpsc::Receiver<u64> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        for (id, pause_ms) in [(1, 0), (2, 0), (3, 0), (4, 0), (5, 30), (6, 220), (7, 0)] {
            time::sleep(Duration::from_millis(pause_ms)).await;
            if tx.send(id).await.is_err() {
                return;
            }
        }
    });
    rx
}

fn flush_timer() -> time::Interval {
    let period = Duration::from_millis(100);
    let mut flush = time::interval_at(time::Instant::now() + period, period);
    flush.set_missed_tick_behavior(MissedTickBehavior::Delay);
    flush
}

// ANCHOR: answer2
/// `read_batch` with cure 2: the messages go into a buffer the caller
/// owns, so dropping this future loses nothing. Returns `false` once the
/// channel is closed.
async fn read_batch(rx: &mut mpsc::Receiver<u64>, size: usize, batch: &mut Vec<u64>) -> bool {
    while batch.len() < size {
        match rx.recv().await {
            Some(id) => batch.push(id),
            None => return false,
        }
    }
    true
}

async fn lossless_batcher(mut rx: mpsc::Receiver<u64>) -> Vec<Vec<u64>> {
    let mut flush = flush_timer();
    let mut batches = Vec::new();
    let mut buffer = Vec::new();
    loop {
        tokio::select! {
            // The branch futures, and their borrow of `buffer`, are gone
            // by the time a handler runs.
            open = read_batch(&mut rx, 3, &mut buffer) => {
                if !buffer.is_empty() {
                    batches.push(std::mem::take(&mut buffer));
                }
                if !open {
                    break;
                }
            }
            _ = flush.tick() => {
                if !buffer.is_empty() {
                    batches.push(std::mem::take(&mut buffer));
                }
            }
        }
    }
    batches
}
// ANCHOR_END: answer2

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let batches = runtime.block_on(async { lossless_batcher(start_producer()).await });
    println!("lossless_batcher: {batches:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_buffer_owned_by_the_loop_loses_nothing() {
        let batches = lossless_batcher(start_producer()).await;
        // The same batches as `batcher` in select_loop.rs.
        assert_eq!(batches, [vec![1, 2, 3], vec![4, 5], vec![6, 7]]);
    }
}
