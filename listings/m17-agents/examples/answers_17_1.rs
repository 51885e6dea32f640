//! Answers to the exercises of lesson 17.1.
//!
//! Run with `cargo run -p m17-agents --example answers_17_1`.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

// The `Agent` trait, `Handle` and `spawn` of `agent_runner.rs`, unchanged.
/// Something that owns its state and reacts to messages, one at a time.
///
/// `handle` returns a `Send` future so that a generic runner may spawn it
/// on a multi-threaded runtime (lesson 13.6). Implementors simply write
/// `async fn handle`.
trait Agent: Send + 'static {
    /// The messages this agent understands: usually an enum.
    type Msg: Send + 'static;

    /// Handles one message. The runner never calls it twice at once.
    fn handle(&mut self, msg: Self::Msg) -> impl Future<Output = ()> + Send;
}

/// The only way to reach a running agent: a sender into its inbox.
#[derive(Debug)]
struct Handle<M> {
    inbox: mpsc::Sender<M>,
}

// Written by hand: `#[derive(Clone)]` would require `M: Clone`, and messages
// that carry a `oneshot::Sender` are not `Clone`.
impl<M> Clone for Handle<M> {
    fn clone(&self) -> Self {
        Handle {
            inbox: self.inbox.clone(),
        }
    }
}

/// The agent stopped: it will take no more messages, or dropped the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the agent has stopped")]
struct AgentGone;

impl<M: Send + 'static> Handle<M> {
    /// Fire and forget: waits only for room in the inbox (backpressure).
    async fn tell(&self, msg: M) -> Result<(), AgentGone> {
        self.inbox.send(msg).await.map_err(|_| AgentGone)
    }

    /// Request/response: `make` builds the message around a reply sender.
    async fn ask<R>(&self, make: impl FnOnce(oneshot::Sender<R>) -> M) -> Result<R, AgentGone> {
        let (reply, answer) = oneshot::channel();
        self.tell(make(reply)).await?;
        answer.await.map_err(|_| AgentGone)
    }
}

/// Starts `agent` on its own task. It stops when every handle is dropped or
/// when `stop` is cancelled; either way it first handles every message it
/// accepted, and the task returns the agent with its final state.
fn spawn<A: Agent>(
    agent: A,
    capacity: usize,
    stop: CancellationToken,
) -> (Handle<A::Msg>, JoinHandle<A>) {
    let (sender, inbox) = mpsc::channel(capacity);
    (
        Handle { inbox: sender },
        tokio::spawn(run(agent, inbox, stop)),
    )
}

async fn run<A: Agent>(
    mut agent: A,
    mut inbox: mpsc::Receiver<A::Msg>,
    stop: CancellationToken,
) -> A {
    loop {
        tokio::select! {
            biased;
            () = stop.cancelled() => break,
            next = inbox.recv() => match next {
                Some(msg) => agent.handle(msg).await,
                // Every handle is gone and the queue is empty: nothing can arrive.
                None => return agent,
            },
        }
    }
    // Stopped by the token: refuse new messages, then handle the accepted ones.
    inbox.close();
    while let Some(msg) = inbox.recv().await {
        agent.handle(msg).await;
    }
    agent
}
/// The ledger of `agent_runner.rs`, with the messages of answers 1 and 4.
#[derive(Debug)]
enum LedgerMsg {
    Confirmed {
        id: u64,
        aggregate: String,
    },
    CountFor {
        aggregate: String,
        reply: oneshot::Sender<u64>,
    },
    History {
        reply: oneshot::Sender<Vec<u64>>,
    },
    // ANCHOR: answer1
    /// Forget an aggregate; the answer is how many confirmations it had.
    Forget {
        aggregate: String,
        reply: oneshot::Sender<u64>,
    },
    // ANCHOR_END: answer1
    // ANCHOR: answer4
    /// Keep a handle, for instance to send yourself a reminder later.
    Keep(Handle<LedgerMsg>),
    // ANCHOR_END: answer4
}

#[derive(Debug, Default)]
struct Ledger {
    per_aggregate: BTreeMap<String, u64>,
    history: Vec<u64>,
    kept: Vec<Handle<LedgerMsg>>,
}

impl Agent for Ledger {
    type Msg = LedgerMsg;

    async fn handle(&mut self, msg: LedgerMsg) {
        match msg {
            LedgerMsg::Confirmed { id, aggregate } => {
                *self.per_aggregate.entry(aggregate).or_default() += 1;
                self.history.push(id);
            }
            LedgerMsg::CountFor { aggregate, reply } => {
                let count = self.per_aggregate.get(&aggregate).copied().unwrap_or(0);
                let _ = reply.send(count);
            }
            LedgerMsg::History { reply } => {
                let _ = reply.send(self.history.clone());
            }
            // ANCHOR: answer1_arm
            LedgerMsg::Forget { aggregate, reply } => {
                let had = self.per_aggregate.remove(&aggregate).unwrap_or(0);
                let _ = reply.send(had);
            }
            // ANCHOR_END: answer1_arm
            LedgerMsg::Keep(handle) => self.kept.push(handle),
        }
    }
}

impl Handle<LedgerMsg> {
    async fn confirmed(&self, id: u64, aggregate: &str) -> Result<(), AgentGone> {
        let aggregate = aggregate.to_owned();
        self.tell(LedgerMsg::Confirmed { id, aggregate }).await
    }

    async fn count_for(&self, aggregate: &str) -> Result<u64, AgentGone> {
        let aggregate = aggregate.to_owned();
        self.ask(|reply| LedgerMsg::CountFor { aggregate, reply })
            .await
    }

    async fn history(&self) -> Result<Vec<u64>, AgentGone> {
        self.ask(|reply| LedgerMsg::History { reply }).await
    }

    // ANCHOR: answer1_method
    async fn forget(&self, aggregate: &str) -> Result<u64, AgentGone> {
        let aggregate = aggregate.to_owned();
        self.ask(|reply| LedgerMsg::Forget { aggregate, reply })
            .await
    }
    // ANCHOR_END: answer1_method
}

// ANCHOR: answer2
/// A broker may deliver a confirmation twice; the ledger should see it once.
#[derive(Debug)]
struct Confirmation {
    id: u64,
    aggregate: String,
}

/// An agent in front of another agent: it owns the set of ids it has seen
/// and a handle to the ledger, and forwards each new id exactly once.
#[derive(Debug)]
struct Dedup {
    seen: BTreeSet<u64>,
    ledger: Handle<LedgerMsg>,
    duplicates: u64,
    undelivered: u64,
}

impl Agent for Dedup {
    type Msg = Confirmation;

    async fn handle(&mut self, msg: Confirmation) {
        if !self.seen.insert(msg.id) {
            self.duplicates += 1;
            return;
        }
        if self.ledger.confirmed(msg.id, &msg.aggregate).await.is_err() {
            self.undelivered += 1; // the ledger stopped first: count it, never hide it
        }
    }
}
// ANCHOR_END: answer2

/// What answer 2 ends with, once both agents have stopped.
#[derive(Debug)]
struct Forwarded {
    duplicates: u64,
    undelivered: u64,
    history: Vec<u64>,
}

/// Answer 2 end to end: duplicates in, each id once out, then a stop cascade.
async fn dedup_in_front_of_a_ledger(ids: &[u64]) -> Result<Forwarded, AgentGone> {
    let (ledger, ledger_task) = spawn(Ledger::default(), 8, CancellationToken::new());
    let dedup = Dedup {
        seen: BTreeSet::new(),
        ledger,
        duplicates: 0,
        undelivered: 0,
    };
    let (dedup, dedup_task) = spawn(dedup, 8, CancellationToken::new());
    for &id in ids {
        let aggregate = format!("order-{}", id % 2);
        dedup.tell(Confirmation { id, aggregate }).await?;
    }
    // Our only handle goes: the dedup drains and stops. Its task returns the
    // dedup, which still holds a ledger handle: drop that, and the ledger
    // drains and stops too.
    drop(dedup);
    let Dedup {
        ledger: last_ledger_handle,
        duplicates,
        undelivered,
        ..
    } = dedup_task.await.map_err(|_| AgentGone)?;
    drop(last_ledger_handle);
    let ledger = ledger_task.await.map_err(|_| AgentGone)?;
    Ok(Forwarded {
        duplicates,
        undelivered,
        history: ledger.history,
    })
}

// ANCHOR: answer4_test
/// An agent that keeps its own handle never sees its inbox close.
async fn kept_handle_outlives_its_owners() -> Result<(bool, bool), AgentGone> {
    let stop = CancellationToken::new();
    let (ledger, task) = spawn(Ledger::default(), 8, stop.clone());
    ledger.tell(LedgerMsg::Keep(ledger.clone())).await?;
    drop(ledger); // the last handle outside the agent
    let mut task = task;
    let stopped_by_drop = tokio::time::timeout(Duration::from_secs(1), &mut task)
        .await
        .is_ok();
    stop.cancel(); // the token still works: it does not depend on handles
    let stopped_by_token = tokio::time::timeout(Duration::from_secs(1), &mut task)
        .await
        .is_ok();
    Ok((stopped_by_drop, stopped_by_token))
}
// ANCHOR_END: answer4_test

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        // Answer 1
        let (ledger, _task) = spawn(Ledger::default(), 8, CancellationToken::new());
        for (id, aggregate) in [(1, "order-1"), (2, "order-1"), (3, "order-2")] {
            ledger.confirmed(id, aggregate).await?;
        }
        println!(
            "1. forget order-1: it had {}",
            ledger.forget("order-1").await?
        );
        println!("1. order-1 now has {}", ledger.count_for("order-1").await?);
        println!("1. history is kept: {:?}", ledger.history().await?);

        // Answer 2
        let out = dedup_in_front_of_a_ledger(&[1, 2, 2, 3, 1, 4]).await?;
        println!(
            "2. ledger history {:?}, {} duplicate(s) dropped, {} undelivered",
            out.history, out.duplicates, out.undelivered
        );

        // Answer 4
        let (by_drop, by_token) = kept_handle_outlives_its_owners().await?;
        println!("4. stopped when our handles went: {by_drop}; stopped by the token: {by_token}");
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn forget_answers_with_the_old_count_and_resets_it() -> Result<(), AgentGone> {
        let (ledger, _task) = spawn(Ledger::default(), 8, CancellationToken::new());
        ledger.confirmed(1, "order-1").await?;
        ledger.confirmed(2, "order-1").await?;
        assert_eq!(ledger.forget("order-1").await?, 2);
        assert_eq!(ledger.forget("order-1").await?, 0);
        assert_eq!(ledger.count_for("order-1").await?, 0);
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn the_dedup_forwards_each_id_once_in_order() -> Result<(), AgentGone> {
        let out = dedup_in_front_of_a_ledger(&[1, 2, 2, 3, 1, 4, 4]).await?;
        assert_eq!(out.history, [1, 2, 3, 4]);
        assert_eq!(out.duplicates, 3);
        assert_eq!(out.undelivered, 0);
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn an_agent_holding_its_own_handle_stops_only_by_token() -> Result<(), AgentGone> {
        assert_eq!(kept_handle_outlives_its_owners().await?, (false, true));
        Ok(())
    }
}
