//! Answers to the exercises of lesson 17.4.

use std::time::Duration;

// ANCHOR: answer1
mod answer1 {
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::sync::{Mutex, mpsc};
    use tokio::time;

    /// Two workers pull from ONE shared queue (its receiver behind a mutex,
    /// since it cannot be cloned). Whoever is free takes the next event, so
    /// events of one key can finish out of order.
    pub(crate) async fn shared_queue(
        events: Vec<(&'static str, u32, Duration)>,
    ) -> Vec<(&'static str, u32)> {
        let (tx, rx) = mpsc::channel(4);
        let rx = Arc::new(Mutex::new(rx));
        let (out_tx, mut out) = mpsc::channel(4);
        for _ in 0..2 {
            let (rx, out_tx) = (Arc::clone(&rx), out_tx.clone());
            tokio::spawn(async move {
                loop {
                    // The lock is held only while taking, not while working.
                    let next = rx.lock().await.recv().await;
                    let Some((key, seq, cost)) = next else { break };
                    time::sleep(cost).await;
                    if out_tx.send((key, seq)).await.is_err() {
                        break;
                    }
                }
            });
        }
        drop(out_tx);
        tokio::spawn(async move {
            for event in events {
                if tx.send(event).await.is_err() {
                    break;
                }
            }
        });
        let mut delivered = Vec::new();
        while let Some(item) = out.recv().await {
            delivered.push(item);
        }
        delivered
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::time::Duration;
    use tokio::sync::{mpsc, oneshot};
    use tokio::time;

    type Lookup = (u32, oneshot::Sender<&'static str>);

    /// A directory agent that needs `delay` to answer.
    pub(crate) fn slow_directory(delay: Duration) -> mpsc::Sender<Lookup> {
        let (tx, mut rx) = mpsc::channel::<Lookup>(8);
        tokio::spawn(async move {
            while let Some((customer, reply)) = rx.recv().await {
                time::sleep(delay).await;
                let _ = reply.send(if customer == 1 { "eu-west" } else { "us-east" });
            }
        });
        tx
    }

    /// Asks, but waits at most `patience`; a late or missing answer is "unknown".
    /// Dropping the oneshot receiver on timeout is fine: the agent's
    /// `reply.send` then fails, and it ignores that.
    pub(crate) async fn region_or_unknown(
        directory: &mpsc::Sender<Lookup>,
        customer: u32,
        patience: Duration,
    ) -> &'static str {
        let (reply, answer) = oneshot::channel();
        if directory.send((customer, reply)).await.is_err() {
            return "unknown";
        }
        match time::timeout(patience, answer).await {
            Ok(Ok(region)) => region,
            Ok(Err(_)) | Err(_) => "unknown",
        }
    }
}
// ANCHOR_END: answer2

fn slow_first() -> Vec<(&'static str, u32, Duration)> {
    vec![
        ("order-1", 1, Duration::from_millis(30)),
        ("order-1", 2, Duration::from_millis(5)),
        ("order-1", 3, Duration::from_millis(5)),
    ]
}

async fn demo() {
    let delivered = answer1::shared_queue(slow_first()).await;
    println!("answer 1: shared queue delivered {delivered:?}");

    let directory = answer2::slow_directory(Duration::from_millis(100));
    let patient = answer2::region_or_unknown(&directory, 1, Duration::from_millis(200)).await;
    let hasty = answer2::region_or_unknown(&directory, 1, Duration::from_millis(50)).await;
    println!("answer 2: waiting 200 ms gives {patient}, waiting 50 ms gives {hasty}");
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
    use tokio::time;

    #[tokio::test(start_paused = true)]
    async fn a_shared_queue_breaks_the_order_of_a_key() {
        let delivered = answer1::shared_queue(slow_first()).await;
        assert_eq!(delivered.len(), 3, "nothing lost");
        let seqs: Vec<u32> = delivered.iter().map(|(_, seq)| *seq).collect();
        assert_ne!(seqs, [1, 2, 3], "#2 overtook #1");
        assert_eq!(seqs.last(), Some(&1), "the slow #1 arrives last");
    }

    #[tokio::test(start_paused = true)]
    async fn the_request_gives_up_after_its_patience() {
        let directory = answer2::slow_directory(Duration::from_millis(100));
        let started = time::Instant::now();
        let region = answer2::region_or_unknown(&directory, 1, Duration::from_millis(50)).await;
        assert_eq!(region, "unknown");
        assert_eq!(started.elapsed(), Duration::from_millis(50));
        let region = answer2::region_or_unknown(&directory, 2, Duration::from_millis(500)).await;
        assert_eq!(region, "us-east");
    }
}
