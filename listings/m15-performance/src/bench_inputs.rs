//! What the benchmarks of lesson 15.1 feed the bridge: a batch as the relay
//! claims one, the broker's answers to it, and the first version of the lane
//! split that an engineer might write before the bridge's `partition`.
//!
//! The inputs live in the library, not in the bench files, so that the unit
//! tests below can check them and the answers to the lesson's exercises can
//! use them too.

use outbox_core::{
    AggregateId, EventId, Headers, MessageId, OutboxMessage, PublishError, UnixMillis, lane_of,
};

/// A W3C trace context, as the producer's span leaves it in the headers.
pub const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// ANCHOR: claimed_batch
/// A batch as `claim` hands it to the relay: `messages` rows spread round
/// robin over `aggregates` orders (so each aggregate's rows are scattered
/// through the batch, as concurrent writers leave them), each with a JSON
/// payload of `payload_bytes` bytes and two application headers.
pub fn claimed_batch(
    messages: usize,
    aggregates: usize,
    payload_bytes: usize,
) -> Vec<OutboxMessage> {
    (0..messages)
        .map(|i| {
            let order = i % aggregates.max(1);
            let mut headers = Headers::new();
            // Both are valid header names and values: `insert` cannot fail here.
            let _ = headers.insert("traceparent", TRACEPARENT);
            let _ = headers.insert("tenant", "acme");
            OutboxMessage {
                id: MessageId(i as i64 + 1),
                event_id: EventId::new(),
                aggregate_id: AggregateId::new(format!("order-{order}"))
                    .unwrap_or_else(|_| unreachable!("order ids are never empty")),
                event_type: "OrderPlaced".to_owned(),
                payload: json_payload(payload_bytes),
                content_type: None,
                headers,
                attempts: 0,
                created_at: UnixMillis(1_796_522_672_123 + i as i64),
            }
        })
        .collect()
}

/// A JSON object of exactly `bytes` bytes (at least 12): `{"note":"xx…"}`.
pub fn json_payload(bytes: usize) -> Vec<u8> {
    let filler = bytes.saturating_sub(11).max(1);
    format!("{{\"note\":\"{}\"}}", "x".repeat(filler)).into_bytes()
}

/// The broker's answers to a batch of `messages`: every `fail_every`-th
/// message (1-based) refused for now, the rest confirmed.
pub fn broker_answers(messages: usize, fail_every: usize) -> Vec<Option<Result<(), PublishError>>> {
    (1..=messages)
        .map(|n| {
            if fail_every > 0 && n % fail_every == 0 {
                Some(Err(PublishError::Transient("nacked".to_owned())))
            } else {
                Some(Ok(()))
            }
        })
        .collect()
}
// ANCHOR_END: claimed_batch

// ANCHOR: clone_into_lanes
/// The lane split an engineer writes first: the relay still needs the batch
/// after publishing it (to settle each message's answer), so the lanes get
/// copies. Same lanes, same order as `outbox_core::partition`.
pub fn clone_into_lanes(batch: &[OutboxMessage], lanes: usize) -> Vec<Vec<OutboxMessage>> {
    let mut out: Vec<Vec<OutboxMessage>> = vec![Vec::new(); lanes.max(1)];
    for message in batch {
        let lane = lane_of(&message.aggregate_id, out.len());
        out[lane].push(message.clone());
    }
    out
}
// ANCHOR_END: clone_into_lanes

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{partition, settle};

    #[test]
    fn the_batch_looks_like_a_claim() {
        let batch = claimed_batch(500, 100, 512);
        assert_eq!(batch.len(), 500);
        assert!(batch.windows(2).all(|w| w[0].id < w[1].id), "id order");
        assert!(batch.iter().all(|m| m.payload.len() == 512));
        let aggregates: std::collections::HashSet<_> =
            batch.iter().map(|m| m.aggregate_id.clone()).collect();
        assert_eq!(aggregates.len(), 100);
        assert_eq!(batch[0].headers.get("traceparent"), Some(TRACEPARENT));
        let payload = String::from_utf8(batch[0].payload.clone()).expect("UTF-8");
        assert!(payload.starts_with("{\"note\":\"x") && payload.ends_with("x\"}"));
    }

    #[test]
    fn cloning_and_moving_make_the_same_lanes() {
        let batch = claimed_batch(500, 100, 64);
        let copied = clone_into_lanes(&batch, 4);
        let moved = partition(batch, 4);
        assert_eq!(copied, moved);
    }

    #[test]
    fn one_answer_in_fifty_is_a_failure() {
        let answers = broker_answers(500, 50);
        let failed = answers.iter().filter(|a| matches!(a, Some(Err(_)))).count();
        assert_eq!(failed, 10);
        let batch = claimed_batch(500, 100, 64);
        let settlement = settle(&batch, answers);
        // The failures land on orders 49 and 99 only (every 50th of 100
        // round robin): the first failure of each counts an attempt, the
        // later ones wait behind it, released, with the rest of the order.
        assert_eq!(settlement.failed.len(), 2);
        assert_eq!(settlement.released.len(), 8);
        assert_eq!(settlement.sent.len(), 490);
    }
}
