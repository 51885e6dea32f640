//! Lesson 05.4: a panic per task. Each lane of a batch is published by its
//! own tokio task; when a publisher panics, tokio turns the panic into a
//! `JoinError`, and this relay records that lane's messages as failed
//! attempts, with the capstone's `settle` and retry policy deciding the rest.
//! (The capstone's own relay re-raises such a panic instead; 05.4 says why.)

use outbox_core::{
    AggregateId, MessageId, OutboxMessage, PublishError, Publisher, RetryPolicy, UnixMillis,
    partition, settle,
};
use std::any::Any;
use std::panic;
use std::sync::Arc;

/// Prints messages instead of sending them. Its bug: it assumes every
/// payload is UTF-8, and `expect` panics on the first one that is not.
#[derive(Debug)]
struct HeaderPublisher;

impl Publisher for HeaderPublisher {
    fn name(&self) -> &str {
        "stdout"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        batch
            .iter()
            .map(|message| {
                let text = std::str::from_utf8(&message.payload).expect("payloads are UTF-8");
                println!("  published {} {text}", message.id);
                Ok(())
            })
            .collect()
    }
}

// ANCHOR: lanes
/// Publishes each lane on its own task and returns the batch (in lane
/// order) with one result per message. A lane whose task panicked counts
/// as a failed attempt for each of its messages.
async fn publish_lanes<P: Publisher + 'static>(
    publisher: Arc<P>,
    lanes: Vec<Vec<OutboxMessage>>,
) -> (Vec<OutboxMessage>, Vec<Option<Result<(), PublishError>>>) {
    let tasks: Vec<_> = lanes
        .iter()
        .map(|lane| {
            let publisher = Arc::clone(&publisher);
            let lane = lane.clone();
            tokio::spawn(async move { publisher.publish(&lane).await })
        })
        .collect();

    let (mut batch, mut results) = (Vec::new(), Vec::new());
    for (lane, task) in lanes.into_iter().zip(tasks) {
        match task.await {
            Ok(lane_results) => results.extend(lane_results.into_iter().map(Some)),
            Err(join_error) if join_error.is_panic() => {
                let why = panic_text(join_error.into_panic().as_ref()).to_owned();
                let failure = PublishError::Transient(format!("publisher panicked: {why}"));
                results.extend(lane.iter().map(|_| Some(Err(failure.clone()))));
            }
            // Cancelled (shutdown): not attempted, so the messages are released.
            Err(_cancelled) => results.extend(lane.iter().map(|_| None)),
        }
        batch.extend(lane);
    }
    (batch, results)
}
// ANCHOR_END: lanes

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&'static str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

fn message(id: i64, aggregate: &str, payload: &[u8]) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: payload.to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // One log line per panic instead of the default hook's stderr report.
    panic::set_hook(Box::new(|info| {
        println!("  [panic hook] {}", info.payload_as_str().unwrap_or("?"));
    }));

    let batch = vec![
        message(1, "order-1", b"{\"total\":10}"),
        message(2, "order-2", b"{\"total\":20}"),
        message(3, "order-4", &[0xff, 0xfe]), // the poison message: not UTF-8
        message(4, "order-4", b"{\"total\":40}"),
        message(5, "order-3", b"{\"total\":50}"),
        message(6, "order-2", b"{\"total\":60}"),
    ];
    let lanes = partition(batch, 2);
    let (batch, results) = publish_lanes(Arc::new(HeaderPublisher), lanes).await;

    let settlement = settle(&batch, results);
    println!("sent:     {:?}", settlement.sent);
    println!("released: {:?}", settlement.released);
    for (id, error) in &settlement.failed {
        println!("failed:   {id}: {error}");
    }
    let updates = settlement.into_updates(&batch, &RetryPolicy::default(), UnixMillis(0), || 0.0);
    for (id, next) in &updates.failed {
        println!("next:     {id} -> {next:?}");
    }
    println!("the relay is still running");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_lane_fails_only_its_own_messages() {
        panic::set_hook(Box::new(|_| {}));
        let lanes = vec![
            vec![message(1, "a", b"ok")],
            vec![message(2, "b", &[0xff]), message(3, "b", b"ok")],
        ];
        let (batch, results) = publish_lanes(Arc::new(HeaderPublisher), lanes).await;
        assert_eq!(batch.len(), 3);
        let settlement = settle(&batch, results);
        assert_eq!(settlement.sent, [MessageId(1)]);
        assert_eq!(settlement.released, [MessageId(3)]);
        let (id, error) = &settlement.failed[0];
        assert_eq!(*id, MessageId(2));
        assert!(error.is_transient());
        assert!(error.to_string().contains("payloads are UTF-8"));
    }
}
