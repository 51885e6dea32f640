//! Bounds on associated types, over the bridge's real message types.
//!
//! Run with `cargo run -p m13-advanced-types --example assoc_bounds`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis, lane_of};
use std::collections::BTreeMap;
use std::fmt::Display;

// ANCHOR: pinned
/// Takes messages by value from anything iterable: a `Vec`, an array, a
/// `drain(..)`. `Item = OutboxMessage` pins the associated type.
fn total_payload<I>(messages: I) -> usize
where
    I: IntoIterator<Item = OutboxMessage>,
{
    messages.into_iter().map(|m| m.payload.len()).sum()
}
// ANCHOR_END: pinned

// ANCHOR: bounded
/// Any item type will do, as long as it can be displayed.
fn labels<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Display,
{
    items.into_iter().map(|item| item.to_string()).collect()
}

/// Returns an iterator without naming its type: callers see only its `Item`.
fn of_aggregate<'a>(
    batch: &'a [OutboxMessage],
    aggregate: &'a AggregateId,
) -> impl Iterator<Item = &'a OutboxMessage> {
    batch.iter().filter(move |m| &m.aggregate_id == aggregate)
}
// ANCHOR_END: bounded

// ANCHOR: partitioner
/// Splits a batch by some key. The implementor picks the key type; the
/// trait demands what every caller relies on: keys sort and print.
trait Partitioner {
    type Key: Ord + Display;

    fn key(&self, message: &OutboxMessage) -> Self::Key;
}

struct ByAggregate;

impl Partitioner for ByAggregate {
    type Key = AggregateId;

    fn key(&self, message: &OutboxMessage) -> AggregateId {
        message.aggregate_id.clone()
    }
}

struct ByLane {
    lanes: usize,
}

impl Partitioner for ByLane {
    type Key = usize;

    fn key(&self, message: &OutboxMessage) -> usize {
        lane_of(&message.aggregate_id, self.lanes)
    }
}

/// Generic over the partitioner; `P::Key: Ord` is what lets it be a map key.
fn group<P: Partitioner>(
    partitioner: &P,
    batch: &[OutboxMessage],
) -> BTreeMap<P::Key, Vec<MessageId>> {
    let mut groups: BTreeMap<P::Key, Vec<MessageId>> = BTreeMap::new();
    for message in batch {
        groups
            .entry(partitioner.key(message))
            .or_default()
            .push(message.id);
    }
    groups
}
// ANCHOR_END: partitioner

fn message(id: i64, aggregate: &str, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
fn main() {
    let batch = vec![
        message(1, "order-1", r#"{"total":10}"#),
        message(2, "order-2", "{}"),
        message(3, "order-1", r#"{"paid":true}"#),
    ];

    let order_1 = AggregateId::new("order-1").expect("a valid aggregate id");
    let ids = labels(of_aggregate(&batch, &order_1).map(|m| m.id));
    println!("order-1: {ids:?}");

    for (aggregate, ids) in group(&ByAggregate, &batch) {
        println!("aggregate {aggregate}: {}", labels(ids).join(", "));
    }
    for (lane, ids) in group(&ByLane { lanes: 4 }, &batch) {
        println!("lane {lane}: {}", labels(ids).join(", "));
    }

    println!("payload bytes: {}", total_payload(batch));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_lands_in_exactly_one_group() {
        let batch: Vec<OutboxMessage> = (1..=9)
            .map(|i| message(i, &format!("a-{}", i % 3), ""))
            .collect();
        let by_aggregate = group(&ByAggregate, &batch);
        let by_lane = group(&ByLane { lanes: 2 }, &batch);
        assert_eq!(by_aggregate.len(), 3);
        assert_eq!(by_aggregate.values().map(Vec::len).sum::<usize>(), 9);
        assert_eq!(by_lane.values().map(Vec::len).sum::<usize>(), 9);
    }

    #[test]
    fn labels_take_any_displayable_items() {
        assert_eq!(labels([MessageId(4)]), ["outbox-4"]);
        assert_eq!(labels(vec![1, 2]), ["1", "2"]);
        assert_eq!(total_payload([message(1, "a", "abc")]), 3);
    }
}
