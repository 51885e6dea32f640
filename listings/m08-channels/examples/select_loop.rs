//! Lesson 08.2: `tokio::select!` waits on several futures at once, runs the
//! branch of the first to finish and drops the others. In a loop that is
//! harmless for `recv()` (cancellation safe) and costly for a future that
//! keeps progress in its own locals.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, MissedTickBehavior};

/// Sends ids 1..=7: four at once, one at 30 ms, two at 250 ms, then closes.
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

// ANCHOR: batcher
/// Ticks every 100 ms, starting 100 ms from now (a plain `interval` would
/// tick once immediately).
fn flush_timer() -> time::Interval {
    let period = Duration::from_millis(100);
    let mut flush = time::interval_at(time::Instant::now() + period, period);
    flush.set_missed_tick_behavior(MissedTickBehavior::Delay);
    flush
}

/// Groups messages into batches of up to 3, and flushes a partial batch
/// every 100 ms so a quiet period never strands a message.
async fn batcher(mut rx: mpsc::Receiver<u64>) -> Vec<Vec<u64>> {
    let mut flush = flush_timer();
    let mut batches = Vec::new();
    let mut buffer = Vec::new();
    loop {
        tokio::select! {
            // Each branch: pattern = future => handler. The losing future is dropped.
            received = rx.recv() => match received {
                Some(id) => {
                    buffer.push(id);
                    if buffer.len() == 3 {
                        batches.push(std::mem::take(&mut buffer));
                    }
                }
                None => break, // channel closed
            },
            _ = flush.tick() => {
                if !buffer.is_empty() {
                    batches.push(std::mem::take(&mut buffer));
                }
            }
        }
    }
    if !buffer.is_empty() {
        batches.push(buffer);
    }
    batches
}
// ANCHOR_END: batcher

// ANCHOR: lossy
/// Collects exactly `size` messages in a local Vec: not cancellation safe.
async fn read_batch(rx: &mut mpsc::Receiver<u64>, size: usize) -> Vec<u64> {
    let mut batch = Vec::new();
    while batch.len() < size {
        match rx.recv().await {
            Some(id) => batch.push(id),
            None => break,
        }
    }
    batch
}

/// The same batcher written around `read_batch`. Every time the flush tick
/// wins, the half-filled `read_batch` future is dropped with its messages.
async fn lossy_batcher(mut rx: mpsc::Receiver<u64>) -> Vec<Vec<u64>> {
    let mut flush = flush_timer();
    let mut batches = Vec::new();
    loop {
        tokio::select! {
            batch = read_batch(&mut rx, 3) => {
                if batch.is_empty() {
                    break;
                }
                batches.push(batch);
            }
            _ = flush.tick() => {} // nothing to flush: the partial batch lived in read_batch
        }
    }
    batches
}
// ANCHOR_END: lossy

// ANCHOR: biased
/// Two branches that are both ready at once. Without `biased;` select!
/// picks one at random (so that no branch starves); with it, the first
/// listed ready branch always wins.
async fn pick(biased_order: bool) -> &'static str {
    let (urgent_tx, mut urgent) = mpsc::channel(1);
    let (normal_tx, mut normal) = mpsc::channel(1);
    urgent_tx.send("urgent").await.expect("open");
    normal_tx.send("normal").await.expect("open");
    if biased_order {
        tokio::select! {
            biased;
            Some(message) = urgent.recv() => message,
            Some(message) = normal.recv() => message,
        }
    } else {
        tokio::select! {
            Some(message) = urgent.recv() => message,
            Some(message) = normal.recv() => message,
        }
    }
}
// ANCHOR_END: biased

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        println!("batcher:       {:?}", batcher(start_producer()).await);
        println!("lossy_batcher: {:?}", lossy_batcher(start_producer()).await);
        println!("biased pick:   {}", pick(true).await);
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn recv_in_select_loses_nothing() {
        let batches = batcher(start_producer()).await;
        assert_eq!(batches.concat(), [1, 2, 3, 4, 5, 6, 7]);
    }

    #[tokio::test(start_paused = true)]
    async fn read_batch_in_select_loses_messages() {
        let delivered = lossy_batcher(start_producer()).await.concat();
        assert!(delivered.len() < 7, "expected losses, got {delivered:?}");
    }

    #[tokio::test]
    async fn biased_always_takes_the_first_ready_branch() {
        for _ in 0..50 {
            assert_eq!(pick(true).await, "urgent");
        }
    }

    #[tokio::test]
    async fn unbiased_select_spreads_its_choices() {
        let mut urgent_wins = 0;
        for _ in 0..200 {
            if pick(false).await == "urgent" {
                urgent_wins += 1;
            }
        }
        // Random choice: both branches win sometimes (the odds of failing are 2^-199).
        assert!(
            urgent_wins > 0 && urgent_wins < 200,
            "urgent won {urgent_wins} of 200"
        );
    }
}
