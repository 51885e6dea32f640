//! Answers to the "Try it" exercises of lesson 08.3: `actor_handle.rs`
//! with a `Reset` command (exercise 4). Everything not between the answer's
//! anchors is `actor_handle.rs` unchanged.
//!
//! Run with `cargo run -p m08-channels --example answers_08_3`.

use std::collections::BTreeMap;
use tokio::sync::{mpsc, oneshot};

/// Everything the actor can be asked. Questions carry a oneshot sender for
/// the answer; notifications do not.
#[derive(Debug)]
enum Command {
    /// "Count one more published message for this aggregate."
    Record { aggregate_id: String },
    /// "How many have you counted for this aggregate?"
    CountFor {
        aggregate_id: String,
        reply: oneshot::Sender<u64>,
    },
    /// "Give me everything you know."
    Snapshot {
        reply: oneshot::Sender<BTreeMap<String, u64>>,
    },
    // ANCHOR: answer4
    /// "Forget everything, and tell me how many you forgot."
    Reset { reply: oneshot::Sender<u64> },
    // ANCHOR_END: answer4
}

/// The actor: its state is private and only its own task touches it, so
/// there is no lock anywhere.
#[derive(Debug)]
struct StatsActor {
    inbox: mpsc::Receiver<Command>,
    published: BTreeMap<String, u64>,
}

impl StatsActor {
    /// Handles messages one at a time until every handle is dropped.
    async fn run(mut self) -> BTreeMap<String, u64> {
        while let Some(command) = self.inbox.recv().await {
            self.handle(command);
        }
        self.published
    }

    fn handle(&mut self, command: Command) {
        // ANCHOR: answer4_handle
        match command {
            Command::Record { aggregate_id } => {
                *self.published.entry(aggregate_id).or_insert(0) += 1;
            }
            Command::CountFor {
                aggregate_id,
                reply,
            } => {
                let count = self.published.get(&aggregate_id).copied().unwrap_or(0);
                let _ = reply.send(count); // the asker may have stopped waiting
            }
            Command::Snapshot { reply } => {
                let _ = reply.send(self.published.clone());
            }
            Command::Reset { reply } => {
                let cleared = std::mem::take(&mut self.published).into_values().sum();
                let _ = reply.send(cleared);
            }
        }
        // ANCHOR_END: answer4_handle
    }
}

/// The only way to reach the actor. Cloning it clones the sender; when the
/// last clone is dropped the actor's `recv` returns `None` and it stops.
#[derive(Debug, Clone)]
struct StatsHandle {
    sender: mpsc::Sender<Command>,
}

/// The actor stopped (it panicked, or its task was aborted).
#[derive(Debug, thiserror::Error)]
#[error("the stats actor has stopped")]
struct ActorGone;

impl StatsHandle {
    /// Starts the actor on its own task.
    fn spawn() -> (Self, tokio::task::JoinHandle<BTreeMap<String, u64>>) {
        let (sender, inbox) = mpsc::channel(32);
        let actor = StatsActor {
            inbox,
            published: BTreeMap::new(),
        };
        (StatsHandle { sender }, tokio::spawn(actor.run()))
    }

    async fn record(&self, aggregate_id: &str) -> Result<(), ActorGone> {
        let command = Command::Record {
            aggregate_id: aggregate_id.to_string(),
        };
        self.sender.send(command).await.map_err(|_| ActorGone)
    }

    async fn count_for(&self, aggregate_id: &str) -> Result<u64, ActorGone> {
        let (reply, answer) = oneshot::channel();
        let command = Command::CountFor {
            aggregate_id: aggregate_id.to_string(),
            reply,
        };
        self.sender.send(command).await.map_err(|_| ActorGone)?;
        answer.await.map_err(|_| ActorGone)
    }

    // ANCHOR: answer4_method
    /// Clears every count; returns how many recorded messages were cleared.
    async fn reset(&self) -> Result<u64, ActorGone> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Command::Reset { reply })
            .await
            .map_err(|_| ActorGone)?;
        answer.await.map_err(|_| ActorGone)
    }
    // ANCHOR_END: answer4_method

    async fn snapshot(&self) -> Result<BTreeMap<String, u64>, ActorGone> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Command::Snapshot { reply })
            .await
            .map_err(|_| ActorGone)?;
        answer.await.map_err(|_| ActorGone)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), ActorGone> {
    let (stats, actor_task) = StatsHandle::spawn();

    // Three publishers, each with its own clone of the handle.
    let mut publishers = tokio::task::JoinSet::new();
    for aggregate in ["order-1", "order-2", "order-1"] {
        let stats = stats.clone();
        publishers.spawn(async move { stats.record(aggregate).await });
    }
    for result in publishers.join_all().await {
        result?;
    }

    println!(
        "order-1 published {} time(s)",
        stats.count_for("order-1").await?
    );
    println!("snapshot: {:?}", stats.snapshot().await?);
    println!("reset cleared {} message(s)", stats.reset().await?);
    println!("snapshot after reset: {:?}", stats.snapshot().await?);

    drop(stats); // the last handle: the actor finishes and returns its state
    let final_state = actor_task.await.expect("the actor does not panic");
    println!("actor stopped with {final_state:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_from_many_handles_are_all_counted() -> Result<(), ActorGone> {
        let (stats, actor_task) = StatsHandle::spawn();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..100 {
            let stats = stats.clone();
            tasks.spawn(async move { stats.record(&format!("agg-{}", i % 4)).await });
        }
        for result in tasks.join_all().await {
            result?;
        }
        assert_eq!(stats.count_for("agg-0").await?, 25);
        drop(stats);
        let final_state = actor_task.await.expect("no panic");
        assert_eq!(final_state.values().sum::<u64>(), 100);
        Ok(())
    }

    #[tokio::test]
    async fn a_handle_to_a_stopped_actor_reports_it() {
        let (stats, actor_task) = StatsHandle::spawn();
        actor_task.abort();
        let _ = actor_task.await;
        assert!(stats.record("order-1").await.is_err());
    }

    #[tokio::test]
    async fn reset_clears_the_counts_and_reports_how_many() -> Result<(), ActorGone> {
        let (stats, actor_task) = StatsHandle::spawn();
        for aggregate in ["order-1", "order-2", "order-1"] {
            stats.record(aggregate).await?;
        }
        assert_eq!(stats.reset().await?, 3);
        assert_eq!(stats.count_for("order-1").await?, 0);
        assert_eq!(stats.reset().await?, 0); // nothing left to clear
        stats.record("order-2").await?;
        drop(stats);
        let final_state = actor_task.await.expect("the actor does not panic");
        assert_eq!(final_state, BTreeMap::from([("order-2".to_string(), 1)]));
        Ok(())
    }
}
