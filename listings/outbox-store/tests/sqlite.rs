//! The store suite on SQLite, plus what only a file database can get wrong.

mod common;

use common::*;
use outbox_core::{OutboxStore, StoreError};
use outbox_store::{SqliteStore, Store, sqlite};
use std::time::Duration;

/// Two relays on one fresh database file.
async fn two_relays() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let a = Store::open(&url, "relay-a").await.expect("open");
    let b = Store::open(&url, "relay-b").await.expect("open");
    (dir, a, b)
}

#[tokio::test]
async fn claims_oldest_first_and_leases_exclusively_sqlite() {
    let (_dir, a, b) = two_relays().await;
    claims_oldest_first_and_leases_exclusively(a, b).await;
}

#[tokio::test]
async fn a_relay_claims_ahead_only_behind_its_own_leases_sqlite() {
    let (_dir, a, b) = two_relays().await;
    a_relay_claims_ahead_only_behind_its_own_leases(a, b).await;
}

#[tokio::test]
async fn leases_hold_aggregates_whose_ids_need_escaping_sqlite() {
    let (_dir, a, b) = two_relays().await;
    leases_hold_aggregates_whose_ids_need_escaping(a, b).await;
}

#[tokio::test]
async fn records_sent_and_reports_status_sqlite() {
    let (_dir, a, _) = two_relays().await;
    records_sent_and_reports_status(a).await;
}

#[tokio::test]
async fn a_failure_holds_back_its_aggregate_but_not_others_sqlite() {
    let (_dir, a, _) = two_relays().await;
    a_failure_holds_back_its_aggregate_but_not_others(a).await;
}

#[tokio::test]
async fn a_retry_keeps_the_aggregate_in_order_sqlite() {
    let (_dir, a, _) = two_relays().await;
    a_retry_keeps_the_aggregate_in_order(a).await;
}

#[tokio::test]
async fn an_expired_lease_returns_the_message_sqlite() {
    let (_dir, a, b) = two_relays().await;
    an_expired_lease_returns_the_message(a, b).await;
}

#[tokio::test]
async fn a_skipped_dead_letter_lets_its_aggregate_go_on_sqlite() {
    let (_dir, a, _) = two_relays().await;
    a_skipped_dead_letter_lets_its_aggregate_go_on(a).await;
}

#[tokio::test]
async fn poison_messages_dead_letter_and_can_be_redriven_sqlite() {
    let (_dir, a, _) = two_relays().await;
    poison_messages_dead_letter_and_can_be_redriven(a).await;
}

#[tokio::test]
async fn a_message_behind_a_busy_lease_is_not_starved_sqlite() {
    let (_dir, a, _) = two_relays().await;
    a_message_behind_a_busy_lease_is_not_starved(a).await;
}

#[tokio::test]
async fn sent_messages_are_purged_after_retention_sqlite() {
    let (_dir, a, _) = two_relays().await;
    sent_messages_are_purged_after_retention(a).await;
}

// ANCHOR: transactional_enqueue
#[tokio::test]
async fn the_event_commits_or_rolls_back_with_the_business_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("shop.db").display());
    let store = SqliteStore::open(&url, "relay").await.expect("open");
    sqlx::query("CREATE TABLE orders (id TEXT PRIMARY KEY, total_cents INTEGER NOT NULL)")
        .execute(store.pool())
        .await
        .expect("orders table");

    // The order and its event are one transaction: both commit...
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id, total_cents) VALUES ('order-1', 4200)")
        .execute(&mut *tx)
        .await
        .expect("insert order");
    sqlite::enqueue(&mut tx, &message("order-1", 1))
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    // ...or neither does.
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id, total_cents) VALUES ('order-2', 100)")
        .execute(&mut *tx)
        .await
        .expect("insert order");
    sqlite::enqueue(&mut tx, &message("order-2", 1))
        .await
        .expect("enqueue");
    tx.rollback().await.expect("rollback");

    let batch = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].aggregate_id.as_str(), "order-1");
}
// ANCHOR_END: transactional_enqueue

#[tokio::test]
async fn a_locked_database_is_busy_not_broken_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let store = SqliteStore::open_with_busy_timeout(&url, "relay", Duration::from_millis(100))
        .await
        .expect("open");
    store.enqueue_one(&message("a", 1)).await.expect("enqueue");

    // Another process holds the write lock (here: another connection).
    let blocker = SqliteStore::open(&url, "blocker").await.expect("open");
    let mut lock = blocker.pool().begin().await.expect("begin");
    sqlx::query("UPDATE outbox SET attempts = attempts WHERE 1 = 1")
        .execute(&mut *lock)
        .await
        .expect("take the write lock");

    let err = store
        .claim(10, LEASE)
        .await
        .expect_err("the database is locked");
    assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
    assert!(err.is_retryable());

    lock.rollback().await.expect("release the lock");
    let batch = store
        .claim(10, LEASE)
        .await
        .expect("claim after the lock is gone");
    assert_eq!(batch.len(), 1, "the message waited, it was not lost");
}

#[tokio::test]
async fn a_corrupt_file_is_a_clear_unusable_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("outbox.db");
    std::fs::write(&path, vec![0x5a; 8192]).expect("write garbage");
    let err = Store::open(&format!("sqlite:{}", path.display()), "relay")
        .await
        .expect_err("not a database");
    assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
    assert!(err.to_string().contains("file is not a database"), "{err}");
}

#[tokio::test]
async fn an_unknown_url_scheme_is_rejected_without_echoing_secrets() {
    let err = Store::open("mysql://app:hunter2@db/outbox", "relay")
        .await
        .expect_err("unsupported");
    let message = err.to_string();
    assert!(message.contains("unsupported database URL"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
}

#[tokio::test]
async fn a_row_the_bridge_cannot_publish_dead_letters_and_the_rest_flow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let store = SqliteStore::open(&url, "relay").await.expect("open");
    store.enqueue_one(&message("a", 1)).await.expect("enqueue");
    // An application wrote these rows by hand: one without an aggregate
    // id, one without its payload row.
    sqlx::query(
        "INSERT INTO outbox (aggregate_id, event_type, created_at, due_at) VALUES ('', 'X', 0, 0);
         INSERT INTO outbox_payload (id, payload) VALUES (last_insert_rowid(), x'00');
         INSERT INTO outbox (aggregate_id, event_type, created_at, due_at) VALUES ('c', 'X', 0, 0);",
    )
    .execute(store.pool())
    .await
    .expect("raw insert");
    store.enqueue_one(&message("b", 1)).await.expect("enqueue");

    let batch = store
        .claim(10, LEASE)
        .await
        .expect("one bad row does not stop the relay");
    assert_eq!(
        batch
            .iter()
            .map(|m| m.aggregate_id.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    let dead = store.dead_letters(10).await.expect("list");
    let reasons: Vec<&str> = dead.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "invalid outbox row: the aggregate id is empty",
            "invalid outbox row: it has no payload in outbox_payload"
        ]
    );
}
