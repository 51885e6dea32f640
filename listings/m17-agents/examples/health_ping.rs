//! Lesson 17.2: a health ping is a question that waits in the same queue as
//! the work, answered or not before a deadline.
//!
//! Run with `cargo run -p m17-agents --example health_ping`.

use std::future::Future;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;

// The `Agent` trait, `Handle` and `spawn` of lesson 17.1, unchanged.
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
// ANCHOR: worker
/// A worker agent: jobs, and health pings that queue behind them.
#[derive(Debug)]
enum WorkerMsg {
    Job(Duration),
    /// Work that never finishes.
    Hang,
    Ping {
        reply: oneshot::Sender<()>,
    },
}

#[derive(Debug, Default)]
struct Worker {
    jobs_done: u64,
}

impl Agent for Worker {
    type Msg = WorkerMsg;

    async fn handle(&mut self, msg: WorkerMsg) {
        match msg {
            WorkerMsg::Job(duration) => {
                time::sleep(duration).await;
                self.jobs_done += 1;
            }
            WorkerMsg::Hang => std::future::pending::<()>().await,
            // The prober may have timed out and gone: ignore a failed reply.
            WorkerMsg::Ping { reply } => {
                let _ = reply.send(());
            }
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: ping
/// What one health ping found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ping {
    /// Answered, after waiting this long in the queue.
    Answered { waited_ms: u128 },
    /// No answer before the deadline: hung, or only busy. A ping cannot tell.
    NoAnswer,
    /// The agent has stopped: known at once, without waiting for the deadline.
    Gone,
}

async fn ping(worker: &Handle<WorkerMsg>, deadline: Duration) -> Ping {
    let sent = Instant::now();
    let asked = worker.ask(|reply| WorkerMsg::Ping { reply });
    match time::timeout(deadline, asked).await {
        Ok(Ok(())) => Ping::Answered {
            waited_ms: sent.elapsed().as_millis(),
        },
        Ok(Err(AgentGone)) => Ping::Gone,
        Err(_elapsed) => Ping::NoAnswer,
    }
}
// ANCHOR_END: ping

// ANCHOR: probes
/// What a `/readyz` endpoint could answer: "send me work now?" Any doubt
/// says no, and so does a shutdown in progress. (The bridge has none; see the lesson.)
fn readyz(last_ping: Ping, draining: bool) -> (u16, &'static str) {
    match (last_ping, draining) {
        (_, true) => (503, "draining"),
        (Ping::Answered { .. }, false) => (200, "ready"),
        (Ping::NoAnswer, false) => (503, "no answer within the deadline"),
        (Ping::Gone, false) => (503, "worker stopped"),
    }
}

/// What a `/healthz` endpoint could answer: "restart me?" Only a worker that
/// is gone, or has missed `allowed` pings in a row, says yes: a busy one is
/// not restarted for being busy.
fn healthz(last_ping: Ping, missed_in_a_row: u32, allowed: u32) -> (u16, &'static str) {
    match last_ping {
        Ping::Gone => (503, "worker stopped"),
        Ping::NoAnswer if missed_in_a_row >= allowed => (503, "no answer, repeatedly"),
        Ping::Answered { .. } | Ping::NoAnswer => (200, "alive"),
    }
}
// ANCHOR_END: probes

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let deadline = Duration::from_millis(500);
        let stop = CancellationToken::new();
        let (worker, task) = spawn(Worker::default(), 16, stop.clone());

        let mut results = vec![("idle", ping(&worker, deadline).await)];
        worker
            .tell(WorkerMsg::Job(Duration::from_millis(300)))
            .await?;
        results.push(("busy", ping(&worker, deadline).await));
        worker.tell(WorkerMsg::Hang).await?;
        for _ in 0..3 {
            results.push(("hung", ping(&worker, deadline).await));
        }
        let other_stop = CancellationToken::new();
        let (other, other_task) = spawn(Worker::default(), 16, other_stop.clone());
        other_stop.cancel();
        other_task.await?;
        results.push(("gone", ping(&other, deadline).await));

        let mut missed_in_a_row = 0;
        for (name, result) in results {
            missed_in_a_row = if result == Ping::NoAnswer {
                missed_in_a_row + 1
            } else {
                0
            };
            let (ready, _) = readyz(result, false);
            let (live, why) = healthz(result, missed_in_a_row, 3);
            let result = format!("{result:?}");
            println!("{name:<5} {result:<28} /readyz {ready}  /healthz {live} {why}");
        }
        stop.cancel();
        drop(task); // the hung worker never finishes: its task is dropped with the runtime
        Ok(())
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: Duration = Duration::from_millis(500);

    fn start() -> (Handle<WorkerMsg>, JoinHandle<Worker>, CancellationToken) {
        let stop = CancellationToken::new();
        let (worker, task) = spawn(Worker::default(), 16, stop.clone());
        (worker, task, stop)
    }

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn an_idle_worker_answers_at_once() {
        let (worker, _task, _stop) = start();
        assert_eq!(
            ping(&worker, DEADLINE).await,
            Ping::Answered { waited_ms: 0 }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_busy_worker_answers_after_its_queue() -> Result<(), AgentGone> {
        let (worker, _task, _stop) = start();
        worker
            .tell(WorkerMsg::Job(Duration::from_millis(120)))
            .await?;
        worker
            .tell(WorkerMsg::Job(Duration::from_millis(180)))
            .await?;
        assert_eq!(
            ping(&worker, DEADLINE).await,
            Ping::Answered { waited_ms: 300 }
        );
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn a_hung_worker_costs_exactly_the_deadline() -> Result<(), AgentGone> {
        let (worker, _task, _stop) = start();
        worker.tell(WorkerMsg::Hang).await?;
        let sent = Instant::now();
        assert_eq!(ping(&worker, DEADLINE).await, Ping::NoAnswer);
        assert_eq!(sent.elapsed(), DEADLINE);
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stopped_worker_is_gone_without_waiting() {
        let (worker, task, stop) = start();
        stop.cancel();
        task.await.expect("no panic");
        let sent = Instant::now();
        assert_eq!(ping(&worker, DEADLINE).await, Ping::Gone);
        assert_eq!(sent.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_ping_that_timed_out_does_not_hurt_the_worker() -> Result<(), AgentGone> {
        let (worker, task, stop) = start();
        worker
            .tell(WorkerMsg::Job(Duration::from_millis(800)))
            .await?;
        // Two probers give up while the job runs; their pings stay queued.
        assert_eq!(ping(&worker, DEADLINE).await, Ping::NoAnswer);
        assert_eq!(
            ping(&worker, Duration::from_millis(100)).await,
            Ping::NoAnswer
        );
        // The job ends at 800 ms; the stale pings are answered into the void.
        assert_eq!(
            ping(&worker, DEADLINE).await,
            Ping::Answered { waited_ms: 200 }
        );
        stop.cancel();
        assert_eq!(task.await.expect("the worker did not panic").jobs_done, 1);
        Ok(())
    }

    #[test]
    fn readiness_fails_fast_and_liveness_fails_slowly() {
        let answered = Ping::Answered { waited_ms: 0 };
        assert_eq!(readyz(answered, false).0, 200);
        assert_eq!(readyz(answered, true).0, 503);
        assert_eq!(readyz(Ping::NoAnswer, false).0, 503);
        assert_eq!(healthz(Ping::NoAnswer, 1, 3).0, 200);
        assert_eq!(healthz(Ping::NoAnswer, 3, 3).0, 503);
        assert_eq!(healthz(Ping::Gone, 0, 3).0, 503);
    }
    // ANCHOR_END: tests
}
