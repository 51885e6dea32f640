//! What to do with each message of a batch once the publisher has answered.

use crate::backoff::RetryPolicy;
use crate::error::PublishError;
use crate::message::{AggregateId, MessageId, OutboxMessage, UnixMillis};
use crate::state::{Failure, MessageState};
use crate::traits::Updates;
use std::collections::{HashMap, HashSet};

// ANCHOR: settlement
/// The relay's bookkeeping for one published batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Confirmed by the broker: mark as sent.
    pub sent: Vec<MessageId>,
    /// Failed: record the attempt (retry later or dead-letter).
    pub failed: Vec<(MessageId, PublishError)>,
    /// Unconfirmed messages behind an aggregate's first failure, never
    /// published, or met by an outage: give them back untouched, to be
    /// claimed again in order.
    pub released: Vec<MessageId>,
    /// The first outage the batch met ([`PublishError::Unavailable`]), if
    /// any: the relay stops publishing until the broker answers again.
    pub outage: Option<PublishError>,
}
// ANCHOR_END: settlement

/// Sorts a batch's publish results into a [`Settlement`].
///
/// `results` holds one entry per message, in batch order; `None` means the
/// message was not published at all (the publisher stopped early, e.g. on
/// shutdown). A confirmed message is always marked sent: the broker has it.
/// The first message of an aggregate that failed counts a failed attempt;
/// every later unconfirmed message of that aggregate is released untouched,
/// so it waits behind the failed one (the store's claim keeps an aggregate's
/// queue in order) instead of burning attempts of its own. A message the
/// broker could not even be asked about (an outage) is released like one
/// never published: an outage is nobody's attempt.
// ANCHOR: settle
pub fn settle(
    batch: &[OutboxMessage],
    results: Vec<Option<Result<(), PublishError>>>,
) -> Settlement {
    let mut settlement = Settlement::default();
    let mut blocked: HashSet<&AggregateId> = HashSet::new();
    for (message, result) in batch
        .iter()
        .zip(results.into_iter().chain(std::iter::repeat(None)))
    {
        if settlement.outage.is_none() {
            settlement.outage = result
                .as_ref()
                .and_then(|r| r.as_ref().err())
                .filter(|e| e.is_outage())
                .cloned();
        }
        match result {
            Some(Ok(())) => settlement.sent.push(message.id),
            _ if blocked.contains(&message.aggregate_id) => settlement.released.push(message.id),
            Some(Err(error)) if error.is_outage() => {
                blocked.insert(&message.aggregate_id);
                settlement.released.push(message.id);
            }
            Some(Err(error)) => {
                blocked.insert(&message.aggregate_id);
                settlement.failed.push((message.id, error));
            }
            None => {
                blocked.insert(&message.aggregate_id);
                settlement.released.push(message.id);
            }
        }
    }
    settlement
}
// ANCHOR_END: settle

// ANCHOR: into_updates
impl Settlement {
    /// The store updates for this settlement: each failure's next state is
    /// decided by the state machine (retry after backoff, or dead-letter).
    /// `random` supplies the jitter, one number in `[0, 1)` per failure.
    /// `batch` is the one [`settle`] sorted: it supplies each message's
    /// attempts so far and, for a sent one, its aggregate.
    pub fn into_updates(
        self,
        batch: &[OutboxMessage],
        policy: &RetryPolicy,
        now: UnixMillis,
        mut random: impl FnMut() -> f64,
    ) -> Updates {
        let by_id: HashMap<MessageId, &OutboxMessage> = batch.iter().map(|m| (m.id, m)).collect();
        // `settle` took every sent id from `batch`, so each one is found.
        let sent = self
            .sent
            .into_iter()
            .filter_map(|id| Some((id, by_id.get(&id)?.aggregate_id.clone())))
            .collect();
        let failed = self
            .failed
            .into_iter()
            .map(|(id, error)| {
                let failure = Failure {
                    error: &error,
                    policy,
                    now,
                    random: random(),
                };
                let before = by_id.get(&id).map_or(0, |m| m.attempts);
                (id, MessageState::after_failure(before, &failure))
            })
            .collect();
        Updates {
            sent,
            failed,
            released: self.released,
        }
    }
}
// ANCHOR_END: into_updates

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::UnixMillis;

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
    fn a_failure_holds_back_the_rest_of_its_aggregate_only() {
        let batch = [
            message(1, "a"),
            message(2, "b"),
            message(3, "a"),
            message(4, "b"),
            message(5, "a"),
        ];
        let timeout = PublishError::Transient("timeout".into());
        let results = vec![
            Some(Err(timeout.clone())),
            Some(Ok(())),
            Some(Err(timeout.clone())),
            Some(Ok(())),
            Some(Ok(())),
        ];
        let settlement = settle(&batch, results);
        // The broker confirmed 5: it is sent, whatever happened before it.
        assert_eq!(settlement.sent, [MessageId(2), MessageId(4), MessageId(5)]);
        // Only a's first failure counts an attempt; 3 waits behind it.
        assert_eq!(settlement.failed, [(MessageId(1), timeout)]);
        assert_eq!(settlement.released, [MessageId(3)]);
    }

    #[test]
    fn an_outage_releases_without_counting_an_attempt() {
        let batch = [message(1, "a"), message(2, "b"), message(3, "a")];
        let down = PublishError::Unavailable("connection refused".into());
        let results = vec![
            Some(Ok(())),
            Some(Err(down.clone())),
            Some(Err(down.clone())),
        ];
        let settlement = settle(&batch, results);
        assert_eq!(settlement.sent, [MessageId(1)]);
        assert!(settlement.failed.is_empty(), "no attempt is counted");
        assert_eq!(settlement.released, [MessageId(2), MessageId(3)]);
        assert_eq!(settlement.outage, Some(down));
    }

    #[test]
    fn unpublished_messages_are_released_with_their_followers() {
        let batch = [message(1, "a"), message(2, "a"), message(3, "b")];
        let settlement = settle(&batch, vec![Some(Ok(()))]);
        assert_eq!(settlement.sent, [MessageId(1)]);
        assert_eq!(settlement.released, [MessageId(2), MessageId(3)]);
        assert!(settlement.failed.is_empty());
    }

    #[test]
    fn updates_carry_each_failures_next_state() {
        let mut batch = vec![message(1, "a"), message(2, "b")];
        batch[1].attempts = 9;
        let results = vec![
            Some(Err(PublishError::Transient("timeout".into()))),
            Some(Err(PublishError::Transient("timeout".into()))),
        ];
        let policy = RetryPolicy::default();
        let updates = settle(&batch, results).into_updates(&batch, &policy, UnixMillis(0), || 0.0);
        assert_eq!(
            updates.failed,
            [
                (
                    MessageId(1),
                    MessageState::Pending {
                        attempts: 1,
                        available_at: UnixMillis(500)
                    }
                ),
                (
                    MessageId(2),
                    MessageState::DeadLettered {
                        attempts: 10,
                        reason: "gave up after 10 attempts: timeout".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn updates_name_each_sent_messages_aggregate() {
        let batch = vec![message(1, "a"), message(2, "b"), message(3, "a")];
        let results = vec![Some(Ok(())), Some(Ok(())), Some(Ok(()))];
        let policy = RetryPolicy::default();
        let updates = settle(&batch, results).into_updates(&batch, &policy, UnixMillis(0), || 0.0);
        let aggregate = |name| AggregateId::new(name).expect("valid");
        assert_eq!(
            updates.sent,
            [
                (MessageId(1), aggregate("a")),
                (MessageId(2), aggregate("b")),
                (MessageId(3), aggregate("a")),
            ]
        );
        assert_eq!(updates, Updates::all_sent(&batch));
    }

    #[test]
    fn every_message_is_accounted_for_exactly_once() {
        let batch: Vec<OutboxMessage> = (1..=20)
            .map(|i| message(i, &format!("agg-{}", i % 3)))
            .collect();
        let results = (1..=20)
            .map(|i| match i % 5 {
                0 => Some(Err(PublishError::Rejected("bad".into()))),
                4 => None,
                _ => Some(Ok(())),
            })
            .collect();
        let s = settle(&batch, results);
        let mut all: Vec<i64> = s.sent.iter().chain(&s.released).map(|id| id.0).collect();
        all.extend(s.failed.iter().map(|(id, _)| id.0));
        all.sort_unstable();
        assert_eq!(all, (1..=20).collect::<Vec<_>>());
    }
}
