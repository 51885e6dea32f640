//! `#[async_trait]`: every call returns a boxed, pinned `dyn Future`, so the
//! trait is dyn compatible, at the price of one allocation per call.
//!
//! Run with `cargo run -p m13-advanced-types --example async_trait_boxed`.

use async_trait::async_trait;
use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis};
use std::future::Future;
use std::pin::Pin;

// ANCHOR: trait
#[async_trait]
trait Publisher: Send + Sync {
    fn name(&self) -> &str;
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>>;
}

struct Accepting;

#[async_trait]
impl Publisher for Accepting {
    fn name(&self) -> &str {
        "accepting"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        batch.iter().map(|_| Ok(())).collect()
    }
}

struct Refusing;

#[async_trait]
impl Publisher for Refusing {
    fn name(&self) -> &str {
        "refusing"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let reason = || PublishError::Rejected("maintenance".into());
        batch.iter().map(|_| Err(reason())).collect()
    }
}
// ANCHOR_END: trait

// ANCHOR: boxed
/// What the macro made of `publish`: the future is a `Pin<Box<dyn Future + Send>>`.
type Boxed<'a> = Pin<Box<dyn Future<Output = Vec<Result<(), PublishError>>> + Send + 'a>>;

fn start<'a>(publisher: &'a dyn Publisher, batch: &'a [OutboxMessage]) -> Boxed<'a> {
    publisher.publish(batch) // no `Box::pin` here: the call already returns one
}
// ANCHOR_END: boxed

fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-1").expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // Chosen at run time, with no second trait and no blanket impl.
    let publishers: Vec<Box<dyn Publisher>> = vec![Box::new(Accepting), Box::new(Refusing)];
    let batch = vec![message(1), message(2)];
    for publisher in publishers {
        let owned = batch.clone();
        // A `Box<dyn Publisher>` moves into a spawned task: the futures are `Send`.
        let task = tokio::spawn(async move {
            let results = start(publisher.as_ref(), &owned).await;
            (
                publisher.name().to_owned(),
                results.iter().filter(|r| r.is_ok()).count(),
            )
        });
        match task.await {
            Ok((name, confirmed)) => println!("{name}: {confirmed} of {} confirmed", batch.len()),
            Err(e) => println!("task failed: {e}"),
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn trait_objects_of_an_async_trait_work() {
        let publishers: [Box<dyn Publisher>; 2] = [Box::new(Accepting), Box::new(Refusing)];
        let batch = [message(1)];
        assert_eq!(publishers[0].publish(&batch).await, [Ok(())]);
        assert!(publishers[1].publish(&batch).await[0].is_err());
    }
}
