//! Lesson 03.4: the bridge's `settle`, which takes one
//! `Option<Result<(), PublishError>>` per message of a published batch.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis, settle};

fn message(id: i64, aggregate: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("the demo's aggregate ids are not empty"),
        event_type: "OrderEvent".to_string(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
fn main() {
    let batch = [
        message(1, "order-1"),
        message(2, "order-2"),
        message(3, "order-1"), // behind message 1 in order-1's queue
        message(4, "order-3"),
        message(5, "order-3"),
    ];
    // One entry per message, in batch order:
    //   Some(Ok(()))   published and confirmed
    //   Some(Err(e))   published, and the broker said no
    //   None           never published (the publisher stopped early)
    let results = vec![
        Some(Err(PublishError::Transient(
            "no confirm before the deadline".into(),
        ))),
        Some(Ok(())),
        Some(Err(PublishError::Transient("connection reset".into()))),
        None,
    ]; // shorter than the batch: message 5 was not published either

    let settlement = settle(&batch, results);
    println!("sent:     {:?}", settlement.sent);
    println!("failed:   {:?}", settlement.failed);
    println!("released: {:?}", settlement.released);
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_aggregates_first_failure_counts_an_attempt() {
        let batch = [message(1, "a"), message(2, "a"), message(3, "a")];
        let timeout = PublishError::Transient("timeout".into());
        let s = settle(
            &batch,
            vec![
                Some(Err(timeout.clone())),
                Some(Err(timeout.clone())),
                Some(Ok(())),
            ],
        );
        assert_eq!(s.failed, [(MessageId(1), timeout)]);
        assert_eq!(s.released, [MessageId(2)]);
        // The broker confirmed message 3: it is sent, whatever came before it.
        assert_eq!(s.sent, [MessageId(3)]);
    }
}
