//! Lesson 17.4: agents behind traits, connected by bounded channels.
//!
//! A source produces orders, a transformer enriches each one by asking a
//! directory agent (request/response over a oneshot), and a slow sink
//! consumes them. The bounded channels make the slow sink set the pace: the
//! queues never grow beyond their capacity, and the source is never more
//! than a fixed number of items ahead. Stopping works from both ends.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time;
use tokio_util::sync::CancellationToken;

// ANCHOR: traits
/// An agent that produces items until it has no more.
pub trait Source: Send + 'static {
    type Item: Send + 'static;
    fn next(&mut self) -> impl Future<Output = Option<Self::Item>> + Send;
}

/// An agent that turns each item into another.
pub trait Transform: Send + 'static {
    type In: Send + 'static;
    type Out: Send + 'static;
    fn apply(&mut self, item: Self::In) -> impl Future<Output = Self::Out> + Send;
}

/// An agent at the end of the line. Returning `false` means "no more":
/// the sink is done or broken, and the pipeline should stop feeding it.
pub trait Sink: Send + 'static {
    type Item: Send + 'static;
    fn accept(&mut self, item: Self::Item) -> impl Future<Output = bool> + Send;
}
// ANCHOR_END: traits

// ANCHOR: drivers
/// The deepest a channel's queue has been, measured after every send.
#[derive(Debug, Default)]
pub struct Depth(AtomicUsize);

impl Depth {
    fn record<T>(&self, tx: &mpsc::Sender<T>) {
        let queued = tx.max_capacity() - tx.capacity();
        self.0.fetch_max(queued, Ordering::Relaxed);
    }

    pub fn max(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// Runs a source until it is exhausted, `stop` is cancelled, or nobody
/// downstream is listening. Returns how many items it sent.
pub async fn run_source<S: Source>(
    mut source: S,
    tx: mpsc::Sender<S::Item>,
    depth: Arc<Depth>,
    stop: CancellationToken,
) -> u64 {
    let mut sent = 0;
    loop {
        let item = tokio::select! {
            biased;
            () = stop.cancelled() => break,
            item = source.next() => match item {
                Some(item) => item,
                None => break,
            },
        };
        // `send` waits while the queue is full: this is the backpressure.
        let delivered = tokio::select! {
            biased;
            () = stop.cancelled() => break,
            delivered = tx.send(item) => delivered,
        };
        if delivered.is_err() {
            break; // the receiver is gone: stop producing
        }
        depth.record(&tx);
        sent += 1;
    }
    sent
} // `tx` is dropped here, which ends the next stage once it has drained

/// Moves items from `rx` through `transform` into `tx` until either side closes.
pub async fn run_transform<T: Transform>(
    mut transform: T,
    mut rx: mpsc::Receiver<T::In>,
    tx: mpsc::Sender<T::Out>,
    depth: Arc<Depth>,
) {
    while let Some(item) = rx.recv().await {
        let out = transform.apply(item).await;
        if tx.send(out).await.is_err() {
            break; // downstream is gone; dropping `rx` tells upstream
        }
        depth.record(&tx);
    }
}

/// Feeds the sink until the channel closes or the sink says "no more".
pub async fn run_sink<K: Sink>(mut sink: K, mut rx: mpsc::Receiver<K::Item>) -> K {
    while let Some(item) = rx.recv().await {
        if !sink.accept(item).await {
            break;
        }
    }
    sink
}
// ANCHOR_END: drivers

// ANCHOR: directory
/// A request to the directory agent, with the channel to answer on.
struct Lookup {
    customer: u32,
    reply: oneshot::Sender<Option<&'static str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the directory agent has stopped")]
pub struct DirectoryGone;

/// The handle other agents use: a sender, cheap to clone.
#[derive(Debug, Clone)]
pub struct Directory {
    tx: mpsc::Sender<Lookup>,
}

impl Directory {
    /// Starts the agent; it stops when the last handle is dropped.
    pub fn spawn(regions: HashMap<u32, &'static str>) -> Self {
        let (tx, mut rx) = mpsc::channel::<Lookup>(8);
        tokio::spawn(async move {
            while let Some(Lookup { customer, reply }) = rx.recv().await {
                // The asker may have given up; a failed reply is not our problem.
                let _ = reply.send(regions.get(&customer).copied());
            }
        });
        Directory { tx }
    }

    /// Asks and waits for the answer: request/response over two channels.
    pub async fn region(&self, customer: u32) -> Result<Option<&'static str>, DirectoryGone> {
        let (reply, answer) = oneshot::channel();
        let request = Lookup { customer, reply };
        self.tx.send(request).await.map_err(|_| DirectoryGone)?;
        answer.await.map_err(|_| DirectoryGone)
    }
}
// ANCHOR_END: directory

// ANCHOR: agents
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub id: u64,
    pub customer: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enriched {
    pub id: u64,
    pub region: String,
}

/// Produces `count` orders for customers 1 to 3, counting what it produced.
#[derive(Debug)]
pub struct Orders {
    next: u64,
    count: u64,
    produced: Arc<AtomicU64>,
}

impl Source for Orders {
    type Item = Order;

    async fn next(&mut self) -> Option<Order> {
        if self.next >= self.count {
            return None;
        }
        self.next += 1;
        self.produced.fetch_add(1, Ordering::Relaxed);
        Some(Order {
            id: self.next,
            customer: (self.next % 3 + 1) as u32,
        })
    }
}

/// Adds the customer's region, asked from the directory agent.
#[derive(Debug)]
pub struct Enrich {
    directory: Directory,
}

impl Transform for Enrich {
    type In = Order;
    type Out = Enriched;

    async fn apply(&mut self, order: Order) -> Enriched {
        let region = match self.directory.region(order.customer).await {
            Ok(Some(region)) => region.to_owned(),
            Ok(None) => "unknown".to_owned(),
            Err(DirectoryGone) => "unavailable".to_owned(),
        };
        Enriched {
            id: order.id,
            region,
        }
    }
}

/// Takes `per_item` for each item; stops after `limit` items if given.
/// Records how far ahead of it the source ever was.
#[derive(Debug)]
pub struct SlowSink {
    per_item: Duration,
    limit: Option<usize>,
    produced: Arc<AtomicU64>,
    pub received: Vec<Enriched>,
    pub most_ahead: u64,
}

impl Sink for SlowSink {
    type Item = Enriched;

    async fn accept(&mut self, item: Enriched) -> bool {
        let consumed = self.received.len() as u64 + 1;
        let ahead = self.produced.load(Ordering::Relaxed) - consumed;
        self.most_ahead = self.most_ahead.max(ahead);
        time::sleep(self.per_item).await;
        self.received.push(item);
        self.limit.is_none_or(|limit| self.received.len() < limit)
    }
}
// ANCHOR_END: agents

// ANCHOR: pipeline
/// What one run of the pipeline did.
#[derive(Debug)]
pub struct Run {
    pub produced: u64,
    pub received: Vec<Enriched>,
    pub depth_a: usize,
    pub depth_b: usize,
    pub most_ahead: u64,
}

/// Wires source → transform → sink with two channels of `capacity`.
/// `stop_after` cancels the source at that (virtual) time; `sink_limit`
/// makes the sink quit early.
pub async fn pipeline(
    count: u64,
    capacity: usize,
    stop_after: Option<Duration>,
    sink_limit: Option<usize>,
) -> Run {
    let produced = Arc::new(AtomicU64::new(0));
    let (depth_a, depth_b) = (Arc::new(Depth::default()), Arc::new(Depth::default()));
    let (tx_a, rx_a) = mpsc::channel(capacity);
    let (tx_b, rx_b) = mpsc::channel(capacity);
    let stop = CancellationToken::new();
    let directory = Directory::spawn(HashMap::from([(1, "eu-west"), (2, "us-east")]));

    let source = Orders {
        next: 0,
        count,
        produced: Arc::clone(&produced),
    };
    let sink = SlowSink {
        per_item: Duration::from_millis(10),
        limit: sink_limit,
        produced: Arc::clone(&produced),
        received: Vec::new(),
        most_ahead: 0,
    };
    let source = tokio::spawn(run_source(source, tx_a, Arc::clone(&depth_a), stop.clone()));
    let transform = tokio::spawn(run_transform(
        Enrich { directory },
        rx_a,
        tx_b,
        Arc::clone(&depth_b),
    ));
    let sink = tokio::spawn(run_sink(sink, rx_b));
    if let Some(after) = stop_after {
        time::sleep(after).await;
        stop.cancel();
    }
    let sink = sink.await.expect("the sink does not panic");
    let sent = source.await.expect("the source does not panic");
    transform.await.expect("the transform does not panic");
    Run {
        produced: sent,
        received: sink.received,
        depth_a: depth_a.max(),
        depth_b: depth_b.max(),
        most_ahead: sink.most_ahead,
    }
}
// ANCHOR_END: pipeline

// ANCHOR: main
async fn demo() {
    let run = pipeline(1000, 4, None, None).await;
    println!("1000 orders through channels of 4, sink 10 ms per item:");
    println!(
        "  received {}, deepest queues {} and {}, source at most {} items ahead",
        run.received.len(),
        run.depth_a,
        run.depth_b,
        run.most_ahead
    );
    let first: Vec<String> = run.received[..3]
        .iter()
        .map(|e| format!("#{} {}", e.id, e.region))
        .collect();
    println!("  first three: {}", first.join(", "));

    let run = pipeline(1000, 4, Some(Duration::from_millis(100)), None).await;
    println!("stop the source after 100 ms:");
    println!(
        "  sent {}, received {}: what was in the pipe drained",
        run.produced,
        run.received.len()
    );

    let run = pipeline(1000, 4, None, Some(5)).await;
    println!("the sink quits after 5 items:");
    println!(
        "  received {}, source sent {} and stopped (5 + 4 + 4 + 2 at most)",
        run.received.len(),
        run.produced
    );
}

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(demo());
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn a_slow_sink_bounds_every_queue_and_the_source() {
        for capacity in [1, 4, 16] {
            let run = pipeline(300, capacity, None, None).await;
            assert_eq!(run.received.len(), 300, "nothing lost");
            assert!(run.depth_a <= capacity && run.depth_b <= capacity);
            assert_eq!(run.depth_a, capacity, "the slow sink filled the queues");
            // Two queues, plus one item in the hands of the source and the transform.
            assert!(
                run.most_ahead <= 2 * capacity as u64 + 2,
                "{}",
                run.most_ahead
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn order_survives_a_single_lane_pipeline() {
        let run = pipeline(50, 4, None, None).await;
        let ids: Vec<u64> = run.received.iter().map(|e| e.id).collect();
        assert_eq!(ids, (1..=50).collect::<Vec<_>>());
        assert_eq!(run.received[0].region, "us-east"); // order 1 is customer 2
        assert_eq!(run.received[1].region, "unknown"); // customer 3 is not listed
    }

    #[tokio::test(start_paused = true)]
    async fn cancelling_the_source_drains_what_is_in_flight() {
        let run = pipeline(1000, 4, Some(Duration::from_millis(100)), None).await;
        assert!(run.produced < 1000);
        assert_eq!(run.received.len() as u64, run.produced, "sent = delivered");
    }

    #[tokio::test(start_paused = true)]
    async fn a_sink_that_quits_stops_the_source_upstream() {
        let run = pipeline(1000, 4, None, Some(5)).await;
        assert_eq!(run.received.len(), 5);
        assert!(run.produced <= 5 + 4 + 4 + 2, "{}", run.produced);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stopped_directory_is_an_error_not_a_hang() {
        let directory = Directory::spawn(HashMap::new());
        assert_eq!(directory.region(1).await, Ok(None));
        let (tx, rx) = mpsc::channel(1);
        drop(rx);
        let gone = Directory { tx };
        assert_eq!(gone.region(1).await, Err(DirectoryGone));
    }
    // ANCHOR_END: tests
}
