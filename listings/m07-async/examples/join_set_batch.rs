//! Lesson 07.3: `JoinSet` owns a set of tasks whose size is only known at
//! run time, hands back their results as they finish, and lets you add
//! more tasks while you drain it.

use tokio::task::{JoinError, JoinSet};

/// How one delivery attempt for an aggregate's events ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Delivery {
    Sent { aggregate: String, attempt: u32 },
    Failed { aggregate: String, attempt: u32 },
}

// ANCHOR: deliver
/// A scripted broker: `order-2` fails twice before it gets through.
async fn deliver(aggregate: String, attempt: u32) -> Delivery {
    tokio::task::yield_now().await;
    if aggregate == "order-2" && attempt < 3 {
        Delivery::Failed { aggregate, attempt }
    } else {
        Delivery::Sent { aggregate, attempt }
    }
}
// ANCHOR_END: deliver

// ANCHOR: drain
/// Delivers every aggregate, retrying failures, and returns
/// `(aggregate, attempts)` pairs sorted by aggregate.
async fn deliver_all(aggregates: &[&str]) -> Result<Vec<(String, u32)>, JoinError> {
    let mut tasks = JoinSet::new();
    for aggregate in aggregates {
        tasks.spawn(deliver(aggregate.to_string(), 1));
    }

    let mut sent = Vec::new();
    // join_next waits for whichever task finishes first; None once the set is empty.
    while let Some(finished) = tasks.join_next().await {
        match finished? {
            Delivery::Sent { aggregate, attempt } => sent.push((aggregate, attempt)),
            Delivery::Failed { aggregate, attempt } => {
                // The set can grow while we drain it.
                tasks.spawn(deliver(aggregate, attempt + 1));
            }
        }
    }
    sent.sort(); // completion order is the scheduler's business; print in a fixed order
    Ok(sent)
}
// ANCHOR_END: drain

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), JoinError> {
    let aggregates = ["order-3", "order-1", "order-2"];
    for (aggregate, attempts) in deliver_all(&aggregates).await? {
        println!("{aggregate}: sent after {attempts} attempt(s)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_aggregate_is_delivered_once() -> Result<(), JoinError> {
        let sent = deliver_all(&["b", "order-2", "a"]).await?;
        let expected = [("a", 1), ("b", 1), ("order-2", 3)].map(|(a, n)| (a.to_string(), n));
        assert_eq!(sent, expected);
        Ok(())
    }

    #[tokio::test]
    async fn an_empty_set_finishes_at_once() -> Result<(), JoinError> {
        assert!(deliver_all(&[]).await?.is_empty());
        Ok(())
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_a_join_set_aborts_its_tasks() {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(1);
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            let _ = tx.send(()).await; // never reached
        });
        drop(tasks);
        // The aborted task dropped its sender, so the channel closes.
        assert_eq!(rx.recv().await, None);
    }
}
