//! Lesson 08.1: a bounded `mpsc` channel applies backpressure. A fast
//! producer fills the two slots, then waits in `send().await` until the slow
//! consumer makes room. When the producer drops its sender, the consumer's
//! `recv` returns `None`.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::time::{self, Instant};

/// A shared, ordered event log with timestamps from tokio's clock.
#[derive(Debug, Clone)]
struct Log {
    start: Instant,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Log {
    fn new() -> Self {
        Log {
            start: Instant::now(),
            lines: Arc::default(),
        }
    }

    fn push(&self, who: &str, what: String) {
        let at = self.start.elapsed().as_millis();
        let line = format!("t={at:>3} ms  {who:<8} {what}");
        self.lines.lock().expect("log poisoned").push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("log poisoned").clone()
    }
}

// ANCHOR: producer
/// Queues `count` message ids as fast as the channel allows. `try_send`
/// first, only to make the waiting visible; `send(..).await` alone would do.
async fn produce(tx: mpsc::Sender<u64>, count: u64, log: Log) {
    for id in 1..=count {
        match tx.try_send(id) {
            Ok(()) => log.push("producer", format!("queued {id}")),
            Err(TrySendError::Full(id)) => {
                log.push("producer", format!("channel full, waiting to queue {id}"));
                if tx.send(id).await.is_err() {
                    return; // the consumer is gone
                }
                log.push("producer", format!("queued {id}"));
            }
            Err(TrySendError::Closed(_)) => return,
        }
    }
    log.push("producer", "done, dropping the sender".to_string());
} // `tx` is dropped here: the channel closes once the queue is empty
// ANCHOR_END: producer

// ANCHOR: consumer
/// Publishes each message; publishing takes 100 ms.
async fn consume(mut rx: mpsc::Receiver<u64>, log: Log) -> Vec<u64> {
    let mut published = Vec::new();
    while let Some(id) = rx.recv().await {
        log.push("consumer", format!("took {id}"));
        time::sleep(Duration::from_millis(100)).await;
        log.push("consumer", format!("published {id}"));
        published.push(id);
    }
    log.push(
        "consumer",
        "recv returned None: every sender is gone".to_string(),
    );
    published
}
// ANCHOR_END: consumer

// ANCHOR: run
/// Runs producer and consumer over a channel with two slots.
async fn run(count: u64) -> (Vec<u64>, Vec<String>) {
    let log = Log::new();
    let (tx, rx) = mpsc::channel(2);
    let producer = tokio::spawn(produce(tx, count, log.clone()));
    let published = consume(rx, log.clone()).await;
    producer.await.expect("the producer does not panic");
    (published, log.lines())
}
// ANCHOR_END: run

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let (_, lines) = runtime.block_on(run(5));
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn every_message_arrives_in_order() {
        let (published, _) = run(20).await;
        assert_eq!(published, (1..=20).collect::<Vec<_>>());
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_channel_makes_the_producer_wait() {
        let (tx, mut rx) = mpsc::channel::<u64>(2);
        tx.send(1).await.expect("open");
        tx.send(2).await.expect("open");
        assert!(matches!(tx.try_send(3), Err(TrySendError::Full(3))));

        // send(3) cannot finish while the channel is full...
        let blocked = time::timeout(Duration::from_secs(1), tx.send(3)).await;
        assert!(blocked.is_err());
        // ...and finishes as soon as the consumer takes one message.
        assert_eq!(rx.recv().await, Some(1));
        tx.send(3).await.expect("there is room now");
        assert_eq!(rx.len(), 2);
    }
}
