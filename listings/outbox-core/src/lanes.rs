//! Parallel publishing that keeps each aggregate's order.
//!
//! A batch is split into lanes by aggregate id: every message of one
//! aggregate lands in the same lane, in its original order, and lanes run in
//! parallel. Order between aggregates is not promised, so nothing is lost by
//! letting them overtake each other.

use crate::message::{AggregateId, OutboxMessage};

/// The lane (`0..lanes`) an aggregate's messages always go to.
///
/// Uses FNV-1a rather than std's `DefaultHasher`, whose output may change
/// between Rust releases: lanes must not move when the bridge is upgraded.
// ANCHOR: lane_of
pub fn lane_of(aggregate: &AggregateId, lanes: usize) -> usize {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = aggregate.as_str().bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    // `lanes` is at least 1; a usize always fits in a u64 on supported targets.
    (hash % lanes.max(1) as u64) as usize
}
// ANCHOR_END: lane_of

/// Splits a batch into `lanes` lanes, keeping each aggregate's messages in order.
// ANCHOR: partition
pub fn partition(batch: Vec<OutboxMessage>, lanes: usize) -> Vec<Vec<OutboxMessage>> {
    let mut out: Vec<Vec<OutboxMessage>> = (0..lanes.max(1)).map(|_| Vec::new()).collect();
    for message in batch {
        let lane = lane_of(&message.aggregate_id, out.len());
        out[lane].push(message);
    }
    out
}
// ANCHOR_END: partition

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{MessageId, UnixMillis};

    fn message(id: i64, aggregate: &str) -> OutboxMessage {
        OutboxMessage {
            event_id: crate::EventId::new(),
            id: MessageId(id),
            aggregate_id: AggregateId::new(aggregate).expect("valid"),
            event_type: "Test".into(),
            payload: Vec::new(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        }
    }

    #[test]
    fn lanes_are_stable_across_runs_and_releases() {
        // Pinned values: if these change, upgrading the bridge would reorder events.
        let lanes: Vec<usize> = ["order-1", "order-2", "order-3", "account-9"]
            .iter()
            .map(|a| lane_of(&AggregateId::new(*a).expect("valid"), 8))
            .collect();
        assert_eq!(lanes, [5, 4, 7, 6]);
    }

    #[test]
    fn partition_keeps_every_message_and_each_aggregates_order() {
        let batch: Vec<OutboxMessage> = (1..=60)
            .map(|i| message(i, &format!("order-{}", i % 7)))
            .collect();
        let lanes = partition(batch, 4);
        assert_eq!(lanes.iter().map(Vec::len).sum::<usize>(), 60);
        for (index, lane) in lanes.iter().enumerate() {
            assert!(lane.iter().all(|m| lane_of(&m.aggregate_id, 4) == index));
            for pair in lane.windows(2) {
                if pair[0].aggregate_id == pair[1].aggregate_id {
                    assert!(pair[0].id < pair[1].id, "order kept within an aggregate");
                }
            }
        }
    }

    #[test]
    fn zero_lanes_means_one() {
        assert_eq!(partition(vec![message(1, "a")], 0).len(), 1);
    }
}
