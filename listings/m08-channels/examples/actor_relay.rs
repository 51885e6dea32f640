//! Lesson 08.3: the outbox relay as actors. A poller claims pending rows and
//! routes each message to one of N publisher actors by a hash of its
//! aggregate id; each publisher publishes its queue in order, retrying until
//! the broker accepts; a marker actor records what was published. The actors
//! share no memory: they talk through channels, and they stop, in order,
//! when the handles that feed them are dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::error::TryRecvError;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time;

/// One event from the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxMessage {
    id: u64,
    aggregate_id: String,
}

// ANCHOR: table
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Pending,
    Claimed,
    Sent,
}

/// The outbox table. It stands for the database, which is shared by nature:
/// the poller and the marker each talk to it, as they would through a
/// connection pool. The actors' own state is what they never share.
#[derive(Debug, Clone)]
struct OutboxTable {
    rows: Arc<Mutex<Vec<(OutboxMessage, RowState)>>>,
    unsent: Arc<watch::Sender<usize>>,
}

impl OutboxTable {
    fn new() -> Self {
        OutboxTable {
            rows: Arc::default(),
            unsent: Arc::new(watch::channel(0).0),
        }
    }

    fn insert(&self, aggregate_id: &str) -> u64 {
        let mut rows = self.rows.lock().expect("table poisoned");
        let id = rows.len() as u64 + 1;
        rows.push((
            OutboxMessage {
                id,
                aggregate_id: aggregate_id.into(),
            },
            RowState::Pending,
        ));
        self.unsent.send_modify(|n| *n += 1);
        id
    }

    /// Claims up to `limit` pending rows, oldest first, so that no other
    /// poll hands them out again (SELECT … FOR UPDATE SKIP LOCKED in SQL).
    fn claim(&self, limit: usize) -> Vec<OutboxMessage> {
        let mut rows = self.rows.lock().expect("table poisoned");
        let pending = rows
            .iter_mut()
            .filter(|(_, state)| *state == RowState::Pending);
        pending
            .take(limit)
            .map(|(message, state)| {
                *state = RowState::Claimed;
                message.clone()
            })
            .collect()
    }

    fn mark_sent(&self, ids: &[u64]) {
        let mut rows = self.rows.lock().expect("table poisoned");
        for (message, state) in rows.iter_mut() {
            if ids.contains(&message.id) && *state != RowState::Sent {
                *state = RowState::Sent;
                self.unsent.send_modify(|n| *n -= 1);
            }
        }
    }

    /// Resolves once every row is marked sent.
    async fn all_sent(&self) {
        let _ = self.unsent.subscribe().wait_for(|&n| n == 0).await;
    }
}
// ANCHOR_END: table

// ANCHOR: broker
/// One publish attempt as the broker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attempt {
    partition: usize,
    id: u64,
    aggregate_id: String,
    ok: bool,
}

/// A fake broker: `failures[id]` attempts of message `id` fail first.
#[derive(Debug, Clone, Default)]
struct FlakyBroker {
    failures: Arc<HashMap<u64, u32>>,
    attempts: Arc<Mutex<Vec<Attempt>>>,
}

impl FlakyBroker {
    async fn publish(&self, partition: usize, message: &OutboxMessage) -> Result<(), &'static str> {
        time::sleep(Duration::from_millis(5)).await;
        let mut attempts = self.attempts.lock().expect("broker poisoned");
        let earlier = attempts.iter().filter(|a| a.id == message.id).count() as u32;
        let ok = earlier >= self.failures.get(&message.id).copied().unwrap_or(0);
        let aggregate_id = message.aggregate_id.clone();
        attempts.push(Attempt {
            partition,
            id: message.id,
            aggregate_id,
            ok,
        });
        if ok {
            Ok(())
        } else {
            Err("broker unavailable")
        }
    }

    fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().expect("broker poisoned").clone()
    }
}
// ANCHOR_END: broker

/// An actor's task has ended, so its handle can no longer reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the actor has stopped")]
struct ActorGone;

// ANCHOR: partition
/// Which publisher owns an aggregate: FNV-1a of its id, modulo the number
/// of publishers. Every event of one aggregate lands on the same publisher,
/// whose queue is FIFO: that is the whole ordering guarantee. (FNV rather
/// than std's `DefaultHasher`, whose output may change between Rust releases.)
fn partition_of(aggregate_id: &str, partitions: usize) -> usize {
    let hash = aggregate_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    (hash % partitions as u64) as usize
}
// ANCHOR_END: partition

// ANCHOR: marker
/// Messages the marker understands.
#[derive(Debug)]
enum MarkerCommand {
    Published { id: u64, partition: usize },
    Stats { reply: oneshot::Sender<Vec<u64>> },
}

/// Owns the per-partition counters and writes "sent" marks to the table,
/// several at a time when several are waiting.
#[derive(Debug)]
struct Marker {
    inbox: mpsc::Receiver<MarkerCommand>,
    table: OutboxTable,
    marked_per_partition: Vec<u64>,
}

impl Marker {
    async fn run(mut self) {
        let mut commands = Vec::with_capacity(64);
        // recv_many waits for at least one message, takes up to 64, and
        // returns 0 once every handle is gone and the queue is empty.
        while self.inbox.recv_many(&mut commands, 64).await > 0 {
            let mut ids = Vec::new();
            for command in commands.drain(..) {
                match command {
                    MarkerCommand::Published { id, partition } => {
                        ids.push(id);
                        self.marked_per_partition[partition] += 1;
                    }
                    MarkerCommand::Stats { reply } => {
                        let _ = reply.send(self.marked_per_partition.clone());
                    }
                }
            }
            self.table.mark_sent(&ids); // one "UPDATE … WHERE id IN (…)"
        }
    }
}

#[derive(Debug, Clone)]
struct MarkerHandle {
    sender: mpsc::Sender<MarkerCommand>,
}

impl MarkerHandle {
    fn spawn(table: OutboxTable, partitions: usize, tasks: &mut JoinSet<()>) -> Self {
        let (sender, inbox) = mpsc::channel(64);
        let marker = Marker {
            inbox,
            table,
            marked_per_partition: vec![0; partitions],
        };
        tasks.spawn(marker.run());
        MarkerHandle { sender }
    }

    async fn published(&self, id: u64, partition: usize) -> Result<(), ActorGone> {
        let command = MarkerCommand::Published { id, partition };
        self.sender.send(command).await.map_err(|_| ActorGone)
    }

    /// How many messages each partition has had marked so far.
    async fn stats(&self) -> Result<Vec<u64>, ActorGone> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(MarkerCommand::Stats { reply })
            .await
            .map_err(|_| ActorGone)?;
        answer.await.map_err(|_| ActorGone)
    }
}
// ANCHOR_END: marker

// ANCHOR: publisher
/// Publishes one partition's messages strictly in arrival order. A failed
/// message is retried (with backoff) before the next one is touched.
#[derive(Debug)]
struct Publisher {
    partition: usize,
    inbox: mpsc::Receiver<OutboxMessage>,
    broker: FlakyBroker,
    marker: MarkerHandle,
}

impl Publisher {
    async fn run(mut self) {
        while let Some(message) = self.inbox.recv().await {
            let mut failures = 0;
            while self.broker.publish(self.partition, &message).await.is_err() {
                failures += 1;
                time::sleep(Duration::from_millis(50) * 2_u32.pow(failures.min(6))).await;
            }
            if self
                .marker
                .published(message.id, self.partition)
                .await
                .is_err()
            {
                return; // nobody is marking any more: stop
            }
        }
        // Queue closed and empty: the poller is gone. Dropping `self.marker` here
        // is this actor's part of the shutdown cascade.
    }
}

#[derive(Debug, Clone)]
struct PublisherHandle {
    sender: mpsc::Sender<OutboxMessage>,
}

impl PublisherHandle {
    fn spawn(
        partition: usize,
        broker: FlakyBroker,
        marker: MarkerHandle,
        tasks: &mut JoinSet<()>,
    ) -> Self {
        let (sender, inbox) = mpsc::channel(16);
        tasks.spawn(
            Publisher {
                partition,
                inbox,
                broker,
                marker,
            }
            .run(),
        );
        PublisherHandle { sender }
    }

    async fn publish(&self, message: OutboxMessage) -> Result<(), ActorGone> {
        self.sender.send(message).await.map_err(|_| ActorGone)
    }
}
// ANCHOR_END: publisher

// ANCHOR: poller
/// What the poller can be told.
#[derive(Debug)]
enum PollerCommand {
    /// New rows were written: poll now instead of at the next interval.
    PollNow,
}

/// Claims batches and routes each message to its partition's publisher.
#[derive(Debug)]
struct Poller {
    inbox: mpsc::Receiver<PollerCommand>,
    table: OutboxTable,
    publishers: Vec<PublisherHandle>,
}

impl Poller {
    async fn run(mut self) {
        loop {
            let batch = self.table.claim(32);
            let full = batch.len() == 32;
            for message in batch {
                let partition = partition_of(&message.aggregate_id, self.publishers.len());
                // A full publisher queue makes this wait: backpressure reaches the poller.
                if self.publishers[partition].publish(message).await.is_err() {
                    return;
                }
            }
            if full {
                // More may be waiting: poll again at once. But look at the
                // inbox first, without waiting, or a backlog that keeps
                // growing would keep the poller from ever seeing a shutdown.
                if self.every_handle_dropped() {
                    break;
                }
                continue;
            }
            tokio::select! {
                command = self.inbox.recv() => match command {
                    Some(PollerCommand::PollNow) => {}
                    None => break, // every PollerHandle dropped: shut down
                },
                _ = time::sleep(Duration::from_millis(100)) => {}
            }
        }
        // Returning drops `self.publishers`, which closes every publisher's queue.
    }

    /// Empties the inbox without waiting. True once every `PollerHandle` is
    /// gone and nothing is left in it: time to stop claiming.
    fn every_handle_dropped(&mut self) -> bool {
        loop {
            match self.inbox.try_recv() {
                Ok(PollerCommand::PollNow) => {} // about to poll anyway
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => return true,
            }
        }
    }
}

#[derive(Debug, Clone)]
struct PollerHandle {
    sender: mpsc::Sender<PollerCommand>,
}

impl PollerHandle {
    async fn poll_now(&self) -> Result<(), ActorGone> {
        self.sender
            .send(PollerCommand::PollNow)
            .await
            .map_err(|_| ActorGone)
    }
}
// ANCHOR_END: poller

// ANCHOR: wiring
/// The running relay: two handles and the tasks behind them.
#[derive(Debug)]
struct Relay {
    poller: PollerHandle,
    marker: MarkerHandle,
    tasks: JoinSet<()>,
}

impl Relay {
    fn start(table: &OutboxTable, broker: &FlakyBroker, partitions: usize) -> Self {
        let mut tasks = JoinSet::new();
        let marker = MarkerHandle::spawn(table.clone(), partitions, &mut tasks);
        let publishers = (0..partitions)
            .map(|p| PublisherHandle::spawn(p, broker.clone(), marker.clone(), &mut tasks))
            .collect();
        let (sender, inbox) = mpsc::channel(8);
        let poller = Poller {
            inbox,
            table: table.clone(),
            publishers,
        };
        tasks.spawn(poller.run());
        Relay {
            poller: PollerHandle { sender },
            marker,
            tasks,
        }
    }

    /// Drops the handles and waits for the cascade: poller, then
    /// publishers (after draining their queues), then marker.
    async fn shutdown(self) -> usize {
        let Relay {
            poller,
            marker,
            mut tasks,
        } = self;
        drop(poller);
        drop(marker);
        let mut stopped = 0;
        while let Some(result) = tasks.join_next().await {
            result.expect("no actor panics");
            stopped += 1;
        }
        stopped
    }
}
// ANCHOR_END: wiring

// ANCHOR: main
fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let table = OutboxTable::new();
        let broker = FlakyBroker {
            failures: Arc::new(HashMap::from([(2, 2), (5, 1)])),
            ..FlakyBroker::default()
        };
        let relay = Relay::start(&table, &broker, 2);

        for aggregate in [
            "order-1",
            "order-1",
            "order-2",
            "customer-7",
            "order-2",
            "order-1",
        ] {
            table.insert(aggregate);
        }
        relay.poller.poll_now().await?;
        table.all_sent().await;
        let per_partition = relay.marker.stats().await?;
        println!("marked per partition: {per_partition:?}");

        for partition in 0..2 {
            let line: Vec<String> = broker
                .attempts()
                .iter()
                .filter(|a| a.partition == partition)
                .map(|a| format!("#{}{}", a.id, if a.ok { "" } else { "(failed)" }))
                .collect();
            println!("partition {partition}: {}", line.join(" "));
        }
        println!("stopped {} actors", relay.shutdown().await);
        Ok(())
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// 80 events over 7 aggregates; every fourth message fails once, every
    /// ninth fails three times. Returns the broker's log.
    async fn relay_workload(partitions: usize) -> (OutboxTable, Vec<Attempt>) {
        let failures = (1..=80)
            .filter_map(|id: u64| match id {
                id if id % 9 == 0 => Some((id, 3)),
                id if id % 4 == 0 => Some((id, 1)),
                _ => None,
            })
            .collect();
        let broker = FlakyBroker {
            failures: Arc::new(failures),
            ..FlakyBroker::default()
        };
        let table = OutboxTable::new();
        let relay = Relay::start(&table, &broker, partitions);
        for i in 0..80 {
            table.insert(&format!("aggregate-{}", i % 7));
            if i % 10 == 0 {
                relay.poller.poll_now().await.expect("poller running");
            }
        }
        relay.poller.poll_now().await.expect("poller running");
        table.all_sent().await;
        assert_eq!(relay.shutdown().await, partitions + 2);
        (table, broker.attempts())
    }

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn no_message_is_lost() {
        let (table, attempts) = relay_workload(3).await;
        let rows = table.rows.lock().expect("table poisoned");
        assert!(rows.iter().all(|(_, state)| *state == RowState::Sent));
        for (message, _) in rows.iter() {
            assert!(
                attempts.iter().any(|a| a.id == message.id && a.ok),
                "#{} never published",
                message.id
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn order_is_kept_per_aggregate() {
        let (_, attempts) = relay_workload(3).await;
        let mut per_aggregate: HashMap<&str, Vec<u64>> = HashMap::new();
        for attempt in attempts.iter().filter(|a| a.ok) {
            per_aggregate
                .entry(&attempt.aggregate_id)
                .or_default()
                .push(attempt.id);
        }
        assert_eq!(per_aggregate.len(), 7);
        for (aggregate, ids) in per_aggregate {
            assert!(
                ids.is_sorted(),
                "{aggregate} published out of order: {ids:?}"
            );
        }
        // And no message was tried before an older one of its aggregate had succeeded.
        for (i, attempt) in attempts.iter().enumerate() {
            let older_unpublished = attempts[..i]
                .iter()
                .filter(|a| a.aggregate_id == attempt.aggregate_id && a.id < attempt.id)
                .any(|a| !attempts[..i].iter().any(|b| b.id == a.id && b.ok));
            assert!(
                !older_unpublished,
                "#{} overtook an older message",
                attempt.id
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn one_aggregate_always_goes_to_one_partition() {
        let (_, attempts) = relay_workload(4).await;
        for attempt in &attempts {
            assert_eq!(attempt.partition, partition_of(&attempt.aggregate_id, 4));
        }
    }
    // ANCHOR_END: tests

    #[tokio::test(start_paused = true)]
    async fn dropping_the_handles_stops_every_actor() {
        let table = OutboxTable::new();
        let relay = Relay::start(&table, &FlakyBroker::default(), 3);
        let stopped = time::timeout(Duration::from_secs(1), relay.shutdown()).await;
        assert_eq!(stopped, Ok(5));
    }

    // ANCHOR: backlog_test
    #[tokio::test(start_paused = true)]
    async fn a_backlog_does_not_hold_up_shutdown() {
        // 10,000 rows would take the publishers about 17 s of simulated time.
        let table = OutboxTable::new();
        for i in 0..10_000 {
            table.insert(&format!("aggregate-{}", i % 7));
        }
        let relay = Relay::start(&table, &FlakyBroker::default(), 3);
        time::sleep(Duration::from_millis(100)).await; // mid-backlog
        let stopped = time::timeout(Duration::from_secs(1), relay.shutdown()).await;
        assert_eq!(stopped, Ok(5), "shutdown waited for the backlog");
        // What was claimed was published and marked; the rest is still
        // pending in the table, for the next relay. Nothing is stranded.
        let rows = table.rows.lock().expect("table poisoned");
        let count = |wanted| rows.iter().filter(|(_, s)| *s == wanted).count();
        assert_eq!(count(RowState::Claimed), 0);
        assert!(count(RowState::Sent) > 0 && count(RowState::Pending) > 0);
    }
    // ANCHOR_END: backlog_test
}
