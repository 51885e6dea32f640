//! Lesson 17.1: an agent is a trait, and one generic runner gives any agent
//! its own task, an inbox, a cloneable handle and a clean way to stop.
//!
//! Run with `cargo run -p m17-agents --example agent_runner`.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

// ANCHOR: trait
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
// ANCHOR_END: trait

// ANCHOR: handle
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
// ANCHOR_END: handle

// ANCHOR: runner
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
// ANCHOR_END: runner

// ANCHOR: ledger
/// What the ledger can be told or asked.
#[derive(Debug)]
enum LedgerMsg {
    /// The broker confirmed outbox message `id` of `aggregate`.
    Confirmed { id: u64, aggregate: String },
    /// How many confirmations has `aggregate` had?
    CountFor {
        aggregate: String,
        reply: oneshot::Sender<u64>,
    },
    /// Every id, in the order the ledger handled them.
    History { reply: oneshot::Sender<Vec<u64>> },
}

/// An agent that keeps a record of confirmed messages. `write_delay` stands
/// for the time a real ledger spends writing to its store.
#[derive(Debug, Default)]
struct Ledger {
    per_aggregate: BTreeMap<String, u64>,
    history: Vec<u64>,
    write_delay: Duration,
}

impl Agent for Ledger {
    type Msg = LedgerMsg;

    async fn handle(&mut self, msg: LedgerMsg) {
        match msg {
            LedgerMsg::Confirmed { id, aggregate } => {
                if !self.write_delay.is_zero() {
                    tokio::time::sleep(self.write_delay).await;
                }
                *self.per_aggregate.entry(aggregate).or_default() += 1;
                self.history.push(id);
            }
            LedgerMsg::CountFor { aggregate, reply } => {
                let count = self.per_aggregate.get(&aggregate).copied().unwrap_or(0);
                let _ = reply.send(count); // the asker may have given up
            }
            LedgerMsg::History { reply } => {
                let _ = reply.send(self.history.clone());
            }
        }
    }
}

/// Typed methods for one kind of handle: callers never build messages.
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
}
// ANCHOR_END: ledger

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A paused clock: the ledger's simulated writes take no real time.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let stop = CancellationToken::new();
        let ledger = Ledger {
            write_delay: Duration::from_millis(5),
            ..Ledger::default()
        };
        let (ledger, task) = spawn(ledger, 8, stop.clone());

        for (id, aggregate) in [(1, "order-1"), (2, "order-2"), (3, "order-1")] {
            ledger.confirmed(id, aggregate).await?;
        }
        println!(
            "order-1 confirmed {} time(s)",
            ledger.count_for("order-1").await?
        );
        println!("history so far: {:?}", ledger.history().await?);

        // Told, not yet handled, when the stop arrives: it is still handled.
        ledger.confirmed(4, "order-2").await?;
        stop.cancel();
        let stopped = task.await?;
        println!("history at stop: {:?}", stopped.history);
        let refused = ledger.confirmed(5, "order-3").await;
        println!("told after the stop: {refused:?}");
        Ok(())
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: order_test
    #[tokio::test(start_paused = true)]
    async fn messages_from_one_handle_are_handled_in_order() -> Result<(), AgentGone> {
        let (ledger, _task) = spawn(Ledger::default(), 4, CancellationToken::new());
        for id in 0..1_000 {
            ledger.confirmed(id, &format!("order-{}", id % 7)).await?;
        }
        assert_eq!(ledger.history().await?, (0..1_000).collect::<Vec<_>>());
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn each_sender_keeps_its_own_order() -> Result<(), AgentGone> {
        let (ledger, _task) = spawn(Ledger::default(), 4, CancellationToken::new());
        let mut senders = tokio::task::JoinSet::new();
        for sender in 0..4u64 {
            let ledger = ledger.clone();
            senders.spawn(async move {
                for n in 0..250 {
                    ledger.confirmed(sender * 1_000 + n, "order-1").await?;
                }
                Ok::<_, AgentGone>(())
            });
        }
        for sent in senders.join_all().await {
            sent?;
        }
        let history = ledger.history().await?;
        assert_eq!(history.len(), 1_000);
        for sender in 0..4 {
            let mine: Vec<u64> = history
                .iter()
                .copied()
                .filter(|id| id / 1_000 == sender)
                .collect();
            assert_eq!(
                mine,
                (0..250).map(|n| sender * 1_000 + n).collect::<Vec<_>>()
            );
        }
        Ok(())
    }
    // ANCHOR_END: order_test

    // ANCHOR: stop_tests
    #[tokio::test(start_paused = true)]
    async fn dropping_every_handle_drains_the_inbox_then_stops() -> Result<(), AgentGone> {
        let slow = Ledger {
            write_delay: Duration::from_millis(10),
            ..Ledger::default()
        };
        let (ledger, task) = spawn(slow, 100, CancellationToken::new());
        for id in 0..100 {
            ledger.confirmed(id, "order-1").await?; // all fit: nothing handled yet
        }
        drop(ledger);
        let stopped = task.await.expect("the ledger does not panic");
        assert_eq!(stopped.history, (0..100).collect::<Vec<_>>());
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_handles_every_accepted_message_and_refuses_the_rest() {
        let slow = Ledger {
            write_delay: Duration::from_millis(10),
            ..Ledger::default()
        };
        let stop = CancellationToken::new();
        let (ledger, task) = spawn(slow, 8, stop.clone());
        // A producer that sends as fast as the ledger lets it, until refused.
        let producer = tokio::spawn({
            let ledger = ledger.clone();
            async move {
                let mut accepted = Vec::new();
                for id in 0.. {
                    if ledger.confirmed(id, "order-1").await.is_err() {
                        break;
                    }
                    accepted.push(id);
                }
                accepted
            }
        });
        tokio::time::sleep(Duration::from_millis(205)).await;
        stop.cancel();
        let stopped = task.await.expect("the ledger does not panic");
        let accepted = producer.await.expect("the producer does not panic");
        assert!(
            accepted.len() > 20,
            "the producer was running: {}",
            accepted.len()
        );
        assert_eq!(
            stopped.history, accepted,
            "every accepted message was handled, in order"
        );
        assert_eq!(ledger.confirmed(0, "order-1").await, Err(AgentGone));
    }

    #[tokio::test(start_paused = true)]
    async fn a_question_queued_before_the_stop_is_answered() -> Result<(), AgentGone> {
        let slow = Ledger {
            write_delay: Duration::from_millis(10),
            ..Ledger::default()
        };
        let stop = CancellationToken::new();
        let (ledger, task) = spawn(slow, 8, stop.clone());
        for id in 0..5 {
            ledger.confirmed(id, "order-1").await?;
        }
        let question = tokio::spawn({
            let ledger = ledger.clone();
            async move { ledger.count_for("order-1").await }
        });
        tokio::task::yield_now().await; // let the question reach the inbox
        stop.cancel();
        assert_eq!(question.await.expect("no panic")?, 5);
        task.await.expect("the ledger does not panic");
        assert_eq!(ledger.count_for("order-1").await, Err(AgentGone));
        Ok(())
    }
    // ANCHOR_END: stop_tests
}
