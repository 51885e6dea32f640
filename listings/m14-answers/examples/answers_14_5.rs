//! Answers to the "Try it" exercises of lesson 14.5.
//!
//! Run with `cargo run -p m14-answers --example answers_14_5`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis, partition};
use std::cell::Cell;

/// One lane's "publish", as in the lesson's snippet: it counts itself in
/// flight across one network round trip.
async fn publish_lane(lane: &[u32], in_flight: &Cell<usize>, peak: &Cell<usize>) -> usize {
    in_flight.set(in_flight.get() + 1);
    peak.set(peak.get().max(in_flight.get()));
    tokio::task::yield_now().await; // the network round trip
    in_flight.set(in_flight.get() - 1);
    lane.len()
}

// ANCHOR: answer3
/// The lanes awaited one after the other instead of with `join_all`.
async fn lanes_in_turn(lanes: &[Vec<u32>]) -> (Vec<usize>, usize) {
    let (in_flight, peak) = (Cell::new(0), Cell::new(0));
    let mut sent = Vec::new();
    for lane in lanes {
        sent.push(publish_lane(lane, &in_flight, &peak).await);
    }
    (sent, peak.get())
}
// ANCHOR_END: answer3

// ANCHOR: answer6
/// 1000 messages of one aggregate, as a claim returns them.
fn hot_aggregate(count: i64) -> Vec<OutboxMessage> {
    (1..=count)
        .map(|id| OutboxMessage {
            event_id: outbox_core::EventId::new(),
            id: MessageId(id),
            aggregate_id: AggregateId::new("customer-1").expect("a valid id"),
            event_type: "OrderPlaced".into(),
            payload: Vec::new(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        })
        .collect()
}

#[test]
fn one_aggregate_never_uses_more_than_one_lane() {
    let lanes = partition(hot_aggregate(1000), 8);
    assert_eq!(lanes.len(), 8);
    assert_eq!(lanes.iter().filter(|lane| lane.is_empty()).count(), 7);
    let busy = lanes
        .iter()
        .find(|lane| !lane.is_empty())
        .expect("one lane");
    assert_eq!(busy.len(), 1000);
    assert!(
        busy.windows(2).all(|pair| pair[0].id < pair[1].id),
        "in order"
    );
}
// ANCHOR_END: answer6

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let lanes = vec![vec![1, 4, 7], vec![2, 5], vec![3, 6]];
    let (sent, peak) = lanes_in_turn(&lanes).await;
    println!("answer 3: sent {sent:?}, at most {peak} lane in flight");
    let sizes: Vec<usize> = partition(hot_aggregate(1000), 8)
        .iter()
        .map(Vec::len)
        .collect();
    println!("answer 6: 1000 messages of one aggregate in 8 lanes: {sizes:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn awaiting_lanes_in_turn_keeps_one_in_flight() {
        let lanes = vec![vec![1, 4, 7], vec![2, 5], vec![3, 6]];
        let (sent, peak) = lanes_in_turn(&lanes).await;
        assert_eq!(sent, [3, 2, 2]);
        assert_eq!(peak, 1, "the `peak == 3` assertion of the lesson fails");
    }
}
