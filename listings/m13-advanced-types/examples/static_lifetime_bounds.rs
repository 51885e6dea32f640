//! Lesson 13.3: `T: 'static` versus `&'static T`, and why `tokio::spawn`
//! needs the first one while `join_all` needs neither.
//!
//! Run with `cargo run -p m13-advanced-types --example static_lifetime_bounds`.

use futures::future::join_all;
use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis};
use std::fmt::Debug;
use std::sync::Arc;
use tokio::task::JoinHandle;

// ANCHOR: bound_vs_ref
/// `T: 'static`: the value borrows nothing short-lived. Owned data qualifies.
fn describe_owned<T: Debug + 'static>(value: T) -> String {
    format!("{value:?}")
}

/// `&'static str`: a borrow valid for the rest of the program. Only string
/// literals and deliberately leaked memory qualify.
fn describe_forever(value: &'static str) -> String {
    format!("{value:?}")
}
// ANCHOR_END: bound_vs_ref

/// Confirms every message; the stand-in for a broker.
struct Confirming;

impl Publisher for Confirming {
    fn name(&self) -> &str {
        "confirming"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        tokio::task::yield_now().await;
        vec![Ok(()); batch.len()]
    }
}

// ANCHOR: spawn
/// A task may outlive this call, so it gets owned handles: an `Arc` of the
/// publisher and the batch itself. Hence `P: 'static` (`Send` comes with
/// `Publisher`'s supertraits).
fn publish_in_background<P: Publisher + 'static>(
    publisher: Arc<P>,
    batch: Vec<OutboxMessage>,
) -> JoinHandle<usize> {
    tokio::spawn(async move {
        let results = publisher.publish(&batch).await;
        results.iter().filter(|result| result.is_ok()).count()
    })
}
// ANCHOR_END: spawn

// ANCHOR: join
/// No task, no `'static`: the futures run inside this one and cannot
/// outlive the borrows, so `P` and the lanes can be borrowed.
async fn publish_lanes<P: Publisher>(publisher: &P, lanes: &[Vec<OutboxMessage>]) -> Vec<usize> {
    let all = join_all(lanes.iter().map(|lane| publisher.publish(lane))).await;
    all.iter()
        .map(|results| results.iter().filter(|result| result.is_ok()).count())
        .collect()
}
// ANCHOR_END: join

fn message(id: i64) -> Result<OutboxMessage, outbox_core::InvalidMessage> {
    Ok(OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(format!("order-{id}"))?,
        event_type: "OrderPlaced".into(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // ANCHOR: use
    let owned = String::from("order-7");
    println!("{}", describe_owned(owned.clone())); // String: 'static
    println!("{}", describe_owned("literal")); // &'static str: 'static
    println!("{}", describe_forever("literal"));
    let leaked: &'static str = Box::leak(owned.into_boxed_str()); // never freed
    println!("{}", describe_forever(leaked));

    let publisher = Arc::new(Confirming);
    let batch = vec![message(1)?, message(2)?, message(3)?];
    let lanes = vec![batch[..2].to_vec(), batch[2..].to_vec()];
    println!(
        "lanes, borrowed: {:?}",
        publish_lanes(publisher.as_ref(), &lanes).await
    );
    let task = publish_in_background(Arc::clone(&publisher), batch);
    println!("background task, owned: {}", task.await?);
    // ANCHOR_END: use
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_static<T: 'static>(_: &T) {}

    #[test]
    fn owned_values_meet_the_static_bound() {
        assert_static(&String::from("owned"));
        assert_static(&Arc::new(Confirming));
        assert_static(&"literal");
    }

    #[tokio::test]
    async fn spawned_and_joined_publishing_agree() {
        let publisher = Arc::new(Confirming);
        let batch = vec![message(1).expect("valid"), message(2).expect("valid")];
        let lanes = vec![batch.clone()];
        let joined = publish_lanes(publisher.as_ref(), &lanes).await;
        let spawned = publish_in_background(publisher, batch)
            .await
            .expect("no panic");
        assert_eq!(joined, [spawned]);
    }
}
