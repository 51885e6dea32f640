//! Answers to the "Try it" exercises of lesson 08.1.
//!
//! Run with `cargo run -p m08-channels --example answers_08_1`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{self, Instant};

/// The timestamped log of `bounded_backpressure.rs`.
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

/// The producer of `bounded_backpressure.rs`, unchanged.
async fn produce(tx: mpsc::Sender<u64>, count: u64, log: Log) {
    for id in 1..=count {
        match tx.try_send(id) {
            Ok(()) => log.push("producer", format!("queued {id}")),
            Err(TrySendError::Full(id)) => {
                log.push("producer", format!("channel full, waiting to queue {id}"));
                if tx.send(id).await.is_err() {
                    return;
                }
                log.push("producer", format!("queued {id}"));
            }
            Err(TrySendError::Closed(_)) => return,
        }
    }
    log.push("producer", "done, dropping the sender".to_string());
}

/// Either kind of receiver, so one consumer serves both runs.
trait Queue {
    async fn next(&mut self) -> Option<u64>;
}

impl Queue for mpsc::Receiver<u64> {
    async fn next(&mut self) -> Option<u64> {
        self.recv().await
    }
}

impl Queue for mpsc::UnboundedReceiver<u64> {
    async fn next(&mut self) -> Option<u64> {
        self.recv().await
    }
}

/// The consumer of `bounded_backpressure.rs`: publishing takes 100 ms.
async fn consume(mut rx: impl Queue, log: Log) {
    while let Some(id) = rx.next().await {
        log.push("consumer", format!("took {id}"));
        time::sleep(Duration::from_millis(100)).await;
        log.push("consumer", format!("published {id}"));
    }
}

// ANCHOR: answer1
/// `run` with the capacity as a parameter.
async fn run_with_capacity(capacity: usize, count: u64) -> Vec<String> {
    let log = Log::new();
    let (tx, rx) = mpsc::channel(capacity);
    let producer = tokio::spawn(produce(tx, count, log.clone()));
    consume(rx, log.clone()).await;
    producer.await.expect("the producer does not panic");
    log.lines()
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The unbounded producer: `send` is not async and never waits, so there
/// is no "full" case left to handle, only a closed channel.
async fn produce_unbounded(tx: mpsc::UnboundedSender<u64>, count: u64, log: Log) {
    for id in 1..=count {
        if tx.send(id).is_err() {
            return; // the consumer is gone
        }
        log.push("producer", format!("queued {id}"));
    }
    log.push("producer", "done, dropping the sender".to_string());
}

async fn run_unbounded(count: u64) -> Vec<String> {
    let log = Log::new();
    let (tx, rx) = mpsc::unbounded_channel();
    let producer = tokio::spawn(produce_unbounded(tx, count, log.clone()));
    consume(rx, log.clone()).await;
    producer.await.expect("the producer does not panic");
    log.lines()
}
// ANCHOR_END: answer2

/// A request for the next sequence number of an aggregate.
#[derive(Debug)]
struct NextSequence {
    aggregate_id: String,
    reply: oneshot::Sender<u64>,
}

// ANCHOR: answer4
/// `sequence_server`, skipping `order-2`. The check must come before
/// `counters.entry(aggregate_id)`, which moves the id: after that line,
/// `aggregate_id == "order-2"` would be a use after move (E0382).
async fn sequence_server(mut requests: mpsc::Receiver<NextSequence>) -> BTreeMap<String, u64> {
    let mut counters = BTreeMap::new();
    while let Some(NextSequence {
        aggregate_id,
        reply,
    }) = requests.recv().await
    {
        if aggregate_id == "order-2" {
            continue; // drops `reply` unanswered
        }
        let counter = counters.entry(aggregate_id).or_insert(0);
        *counter += 1;
        let _ = reply.send(*counter);
    }
    counters
}

async fn next_sequence(server: &mpsc::Sender<NextSequence>, aggregate_id: &str) -> Option<u64> {
    let (reply, answer) = oneshot::channel();
    let request = NextSequence {
        aggregate_id: aggregate_id.to_string(),
        reply,
    };
    server.send(request).await.ok()?; // Err: the server has stopped
    answer.await.ok() // Err: the server dropped `reply` without answering
}
// ANCHOR_END: answer4

#[derive(Debug, Clone, PartialEq, Eq)]
struct RelayConfig {
    batch_size: usize,
    paused: bool,
}

/// The follower of `watch_config.rs`, unchanged.
async fn config_follower(mut rx: watch::Receiver<RelayConfig>) -> Vec<RelayConfig> {
    let mut seen = vec![rx.borrow_and_update().clone()];
    while rx.changed().await.is_ok() {
        let config = rx.borrow_and_update().clone();
        time::sleep(Duration::from_millis(100)).await;
        seen.push(config);
    }
    seen
}

// ANCHOR: answer5
/// `run` of `watch_config.rs` without the 10 ms pause: all three updates
/// happen before the follower runs again, and it sees only the last value.
async fn run_without_pause() -> Vec<RelayConfig> {
    let initial = RelayConfig {
        batch_size: 10,
        paused: false,
    };
    let (tx, rx) = watch::channel(initial);
    let follower = tokio::spawn(config_follower(rx));
    tokio::task::yield_now().await;
    tx.send_modify(|c| c.batch_size = 50);
    tx.send_modify(|c| c.batch_size = 100);
    tx.send_modify(|c| c.paused = true);
    time::sleep(Duration::from_millis(500)).await;
    drop(tx);
    follower.await.expect("the follower does not panic")
}
// ANCHOR_END: answer5

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        for capacity in [10, 1] {
            println!("-- answer 1: capacity {capacity}");
            for line in run_with_capacity(capacity, 5).await {
                println!("{line}");
            }
        }
        println!("-- answer 2: unbounded");
        for line in run_unbounded(5).await {
            println!("{line}");
        }
        println!("-- answer 4: a request left unanswered");
        let (tx, rx) = mpsc::channel(8);
        let server = tokio::spawn(sequence_server(rx));
        for aggregate in ["order-1", "order-2", "order-1"] {
            println!("{aggregate} -> {:?}", next_sequence(&tx, aggregate).await);
        }
        drop(tx);
        let counters = server.await.expect("the server does not panic");
        println!("final counters: {counters:?}");
        println!("-- answer 5: no pause between updates");
        for config in run_without_pause().await {
            println!("applied {config:?}");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when_producer_finished(lines: &[String]) -> &str {
        let done = lines
            .iter()
            .find(|l| l.contains("producer done"))
            .expect("the producer finishes");
        &done[..8]
    }

    #[tokio::test(start_paused = true)]
    async fn room_for_everything_means_no_waiting() {
        let lines = run_with_capacity(10, 5).await;
        assert_eq!(when_producer_finished(&lines), "t=  0 ms");
        assert!(!lines.iter().any(|l| l.contains("channel full")));
    }

    #[tokio::test(start_paused = true)]
    async fn one_slot_holds_the_producer_one_message_ahead() {
        let lines = run_with_capacity(1, 5).await;
        assert_eq!(when_producer_finished(&lines), "t=300 ms");
    }

    #[tokio::test(start_paused = true)]
    async fn an_unbounded_producer_never_waits() {
        let lines = run_unbounded(5).await;
        assert_eq!(when_producer_finished(&lines), "t=  0 ms");
        let consumed = lines.iter().filter(|l| l.contains("published")).count();
        assert_eq!(consumed, 5);
    }

    #[tokio::test]
    async fn an_unanswered_request_comes_back_as_none() {
        let (tx, rx) = mpsc::channel(8);
        let server = tokio::spawn(sequence_server(rx));
        assert_eq!(next_sequence(&tx, "order-1").await, Some(1));
        assert_eq!(next_sequence(&tx, "order-2").await, None);
        drop(tx);
        let counters = server.await.expect("no panic");
        assert_eq!(counters, BTreeMap::from([("order-1".to_string(), 1)]));
    }

    #[tokio::test(start_paused = true)]
    async fn without_the_pause_the_follower_sees_two_values() {
        let seen = run_without_pause().await;
        assert_eq!(seen.len(), 2);
        assert_eq!(
            seen[1],
            RelayConfig {
                batch_size: 100,
                paused: true
            }
        );
    }
}
