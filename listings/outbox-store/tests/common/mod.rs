//! One behaviour, two databases: the suite every store must pass.

#![allow(dead_code, unreachable_pub)]

use outbox_core::{
    AggregateId, Backoff, MessageId, MessageState, NewMessage, OutboxMessage, OutboxStore,
    PublishError, RetryPolicy, UnixMillis, Updates, settle,
};
use outbox_store::{Redrive, Store};
use std::time::Duration;

pub const LEASE: Duration = Duration::from_secs(30);

pub fn message(aggregate: &str, n: u32) -> NewMessage {
    NewMessage::new(
        AggregateId::new(aggregate).expect("valid id"),
        "OrderPlaced",
        format!("{{\"n\":{n}}}").into_bytes(),
    )
    .expect("valid message")
}

/// A policy whose retries are due at once, so tests never sleep.
pub fn immediate_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        backoff: Backoff {
            base: Duration::ZERO,
            factor: 2,
            max: Duration::ZERO,
            jitter: 0.0,
        },
        max_attempts,
    }
}

/// What the relay would record for `results`, with retries due at once.
pub fn settled(batch: &[OutboxMessage], results: Vec<Option<Result<(), PublishError>>>) -> Updates {
    settle(batch, results).into_updates(batch, &immediate_retry(5), UnixMillis::now(), || 0.0)
}

pub async fn enqueue_all(store: &Store, messages: &[NewMessage]) -> Vec<MessageId> {
    let mut ids = Vec::new();
    for m in messages {
        ids.push(store.enqueue_one(m).await.expect("enqueue"));
    }
    ids
}

/// `ids`, all messages of `aggregate`, recorded as confirmed.
pub fn sent(aggregate: &str, ids: &[MessageId]) -> Updates {
    let aggregate = AggregateId::new(aggregate).expect("valid id");
    Updates {
        sent: ids.iter().map(|id| (*id, aggregate.clone())).collect(),
        ..Updates::default()
    }
}

pub fn ids(batch: &[outbox_core::OutboxMessage]) -> Vec<MessageId> {
    batch.iter().map(|m| m.id).collect()
}

pub async fn claims_oldest_first_and_leases_exclusively(store: Store, other: Store) {
    let sent = enqueue_all(&store, &[message("a", 1), message("b", 1), message("c", 1)]).await;
    let batch = store.claim(2, LEASE).await.expect("claim");
    assert_eq!(ids(&batch), sent[..2]);
    assert_eq!(batch[0].payload, b"{\"n\":1}");
    assert_eq!(batch[0].aggregate_id.as_str(), "a");
    // A second relay gets only what is left; leased rows are not handed out twice.
    let rest = other.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&rest), sent[2..]);
    assert!(store.claim(10, LEASE).await.expect("claim").is_empty());
}

pub async fn a_relay_claims_ahead_only_behind_its_own_leases(store: Store, other: Store) {
    let [a1, a2, b1] =
        enqueue_all(&store, &[message("a", 1), message("a", 2), message("b", 1)]).await[..]
    else {
        panic!("three ids");
    };
    assert_eq!(ids(&store.claim(1, LEASE).await.expect("claim")), [a1]);
    // Another relay must not take a2 while a1 is leased: it could overtake a1.
    assert_eq!(ids(&other.claim(10, LEASE).await.expect("claim")), [b1]);
    // The lease holder may: it publishes a2 only after a1 is confirmed.
    assert_eq!(ids(&store.claim(10, LEASE).await.expect("claim")), [a2]);
    let status = store.status().await.expect("status");
    assert_eq!((status.pending, status.in_flight), (0, 3));
    // Once everything it claimed of `a` is recorded, the lease ends and
    // another relay may take the aggregate's next message.
    store.record(&sent("a", &[a1, a2])).await.expect("record");
    let [a3] = enqueue_all(&store, &[message("a", 3)]).await[..] else {
        panic!("one id");
    };
    assert_eq!(ids(&other.claim(10, LEASE).await.expect("claim")), [a3]);
}

/// The claim names each aggregate it leases (in JSON on SQLite, in an array
/// on PostgreSQL): ids with quotes, backslashes and non-ASCII letters must
/// arrive intact, or the lease would hold a different aggregate.
pub async fn leases_hold_aggregates_whose_ids_need_escaping(store: Store, other: Store) {
    let aggregates = ["order \"7\"", "C:\\orders\\8", "kunde-ü-9 🦀"];
    let firsts = enqueue_all(&store, &aggregates.map(|a| message(a, 1))).await;
    let seconds = enqueue_all(&store, &aggregates.map(|a| message(a, 2))).await;
    let batch = store.claim(3, LEASE).await.expect("claim");
    assert_eq!(ids(&batch), firsts);
    let names: Vec<&str> = batch.iter().map(|m| m.aggregate_id.as_str()).collect();
    assert_eq!(names, aggregates);
    // Each aggregate is held: another relay gets nothing, the holder the rest.
    assert!(other.claim(10, LEASE).await.expect("claim").is_empty());
    assert_eq!(ids(&store.claim(10, LEASE).await.expect("claim")), seconds);
}

/// A message that becomes pending below what its aggregate's lease holder
/// has recorded (a dead letter re-driven while dead letters do not block) is
/// claimed by the next claim, even while the holder keeps the aggregate busy.
pub async fn a_message_behind_a_busy_lease_is_not_starved(store: Store) {
    let store = store.dead_letters_block(false);
    let [a1, a2, a3] =
        enqueue_all(&store, &[message("a", 1), message("a", 2), message("a", 3)]).await[..]
    else {
        panic!("three ids");
    };
    let batch = store.claim(1, LEASE).await.expect("claim");
    let results = vec![Some(Err(PublishError::Rejected("bad payload".into())))];
    let updates = settled(&batch, results);
    store.record(&updates).await.expect("record");
    assert_eq!(ids(&store.claim(1, LEASE).await.expect("claim")), [a2]);
    assert_eq!(ids(&store.claim(1, LEASE).await.expect("claim")), [a3]);
    store.record(&sent("a", &[a2])).await.expect("record");
    store
        .redrive(&Redrive::Ids(vec![a1]))
        .await
        .expect("redrive");
    // a3 is still in flight, so the lease stays; a1 is not lost behind it.
    assert_eq!(ids(&store.claim(10, LEASE).await.expect("claim")), [a1]);
}

pub async fn records_sent_and_reports_status(store: Store) {
    enqueue_all(&store, &[message("a", 1), message("b", 1)]).await;
    let batch = store.claim(10, LEASE).await.expect("claim");
    let status = store.status().await.expect("status");
    assert_eq!((status.pending, status.in_flight, status.sent), (0, 2, 0));
    assert!(status.oldest_unsent.is_some());
    store
        .record(&Updates::all_sent(&batch))
        .await
        .expect("record");
    let status = store.status().await.expect("status");
    assert_eq!(
        (status.pending, status.in_flight, status.sent, status.dead),
        (0, 0, 2, 0)
    );
    assert_eq!(status.oldest_unsent, None);
}

pub async fn a_failure_holds_back_its_aggregate_but_not_others(store: Store) {
    let [a1, a2, b1] =
        enqueue_all(&store, &[message("a", 1), message("a", 2), message("b", 1)]).await[..]
    else {
        panic!("three ids");
    };
    let batch = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&batch), [a1, a2, b1]);
    // a1 fails and must wait a long backoff; a2 was not published; b1 went out.
    let results = vec![
        Some(Err(PublishError::Transient("connection reset".into()))),
        None,
        Some(Ok(())),
    ];
    let policy = RetryPolicy {
        backoff: Backoff {
            base: Duration::from_secs(3600),
            ..Backoff::default()
        },
        max_attempts: 5,
    };
    let updates = settle(&batch, results).into_updates(&batch, &policy, UnixMillis::now(), || 0.0);
    assert_eq!(updates.released, [a2]);
    store.record(&updates).await.expect("record");
    // a2 is due, but it must not overtake a1.
    assert!(store.claim(10, LEASE).await.expect("claim").is_empty());
    let status = store.status().await.expect("status");
    assert_eq!((status.pending, status.sent), (2, 1));
}

pub async fn a_retry_keeps_the_aggregate_in_order(store: Store) {
    let [a1, a2] = enqueue_all(&store, &[message("a", 1), message("a", 2)]).await[..] else {
        panic!("two ids");
    };
    let batch = store.claim(1, LEASE).await.expect("claim");
    assert_eq!(ids(&batch), [a1]);
    let results = vec![Some(Err(PublishError::Transient("timeout".into())))];
    let updates = settled(&batch, results);
    store.record(&updates).await.expect("record");
    let again = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&again), [a1, a2], "the retried message comes first");
    assert_eq!(again[0].attempts, 1);
}

pub async fn an_expired_lease_returns_the_message(store: Store, other: Store) {
    let [id] = enqueue_all(&store, &[message("a", 1)]).await[..] else {
        panic!("one id");
    };
    // This relay "dies" holding a lease that has already run out.
    assert_eq!(
        ids(&store.claim(10, Duration::ZERO).await.expect("claim")),
        [id]
    );
    let reclaimed = other.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&reclaimed), [id], "nothing is lost when a relay dies");
    // The dead relay's late bookkeeping cannot undo the new owner's claim.
    store
        .record(&Updates {
            released: vec![id],
            ..Updates::default()
        })
        .await
        .expect("record");
    assert_eq!(store.status().await.expect("status").in_flight, 1);
}

pub async fn poison_messages_dead_letter_and_can_be_redriven(store: Store) {
    let [bad, good] = enqueue_all(&store, &[message("a", 1), message("a", 2)]).await[..] else {
        panic!("two ids");
    };
    let batch = store.claim(1, LEASE).await.expect("claim");
    let results = vec![Some(Err(PublishError::Rejected(
        "payload is not valid JSON".into(),
    )))];
    let updates = settled(&batch, results);
    assert!(matches!(
        updates.failed[0].1,
        MessageState::DeadLettered { .. }
    ));
    store.record(&updates).await.expect("record");
    // The dead letter holds the rest of its aggregate: `good` waits.
    assert!(store.claim(10, LEASE).await.expect("claim").is_empty());
    let dead = store.dead_letters(10).await.expect("list");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].id, bad);
    assert_eq!(dead[0].reason, "payload is not valid JSON");
    assert_eq!(dead[0].attempts, 1);
    assert_eq!(
        store
            .redrive(&Redrive::Ids(vec![bad]))
            .await
            .expect("redrive"),
        1
    );
    assert!(store.dead_letters(10).await.expect("list").is_empty());
    // Re-driven, the aggregate resumes from its oldest message, in order.
    let redriven = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&redriven), [bad, good]);
    assert_eq!(
        redriven[0].attempts, 0,
        "a re-drive starts a fresh attempt budget"
    );
}

pub async fn a_skipped_dead_letter_lets_its_aggregate_go_on(store: Store) {
    let [bad, good] = enqueue_all(&store, &[message("a", 1), message("a", 2)]).await[..] else {
        panic!("two ids");
    };
    let batch = store.claim(1, LEASE).await.expect("claim");
    let results = vec![Some(Err(PublishError::Rejected("too large".into())))];
    store
        .record(&settled(&batch, results))
        .await
        .expect("record");
    assert!(store.claim(10, LEASE).await.expect("claim").is_empty());
    assert_eq!(
        store.skip(&[good]).await.expect("skip"),
        0,
        "not a dead letter"
    );
    assert_eq!(store.skip(&[bad]).await.expect("skip"), 1);
    assert_eq!(ids(&store.claim(10, LEASE).await.expect("claim")), [good]);
    assert_eq!(
        store.status().await.expect("status").dead,
        1,
        "still listed"
    );
}

pub async fn sent_messages_are_purged_after_retention(store: Store) {
    enqueue_all(&store, &[message("a", 1)]).await;
    let batch = store.claim(10, LEASE).await.expect("claim");
    store
        .record(&Updates::all_sent(&batch))
        .await
        .expect("record");
    assert_eq!(
        store
            .purge_sent(Duration::from_secs(3600))
            .await
            .expect("purge"),
        0
    );
    // Wait out a retention of zero: sent_at must be strictly older than now.
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(store.purge_sent(Duration::ZERO).await.expect("purge"), 1);
    assert_eq!(store.status().await.expect("status").sent, 0);
}
