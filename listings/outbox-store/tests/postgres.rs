//! The store suite on PostgreSQL, plus concurrent relays.
//!
//! Needs a server: `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//! Each test creates its own database and drops it afterwards. Without a
//! server the tests fail, so a CI without PostgreSQL cannot pass silently.

mod common;

use common::*;
use outbox_core::{MessageId, OutboxStore};
use outbox_store::{PgStore, Store, postgres};
use sqlx::Connection;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh database on the test server, dropped when the guard goes away.
struct TestDb {
    name: String,
    url: String,
}

impl TestDb {
    async fn new() -> TestDb {
        let admin = admin_url();
        let name = format!("outbox_test_{}_{}", std::process::id(), fastrand_suffix());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required for these tests ({admin}): {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create the test database");
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(base, _)| base);
        TestDb {
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Drop needs a connection of its own; do it synchronously on a helper thread.
        let (admin, name) = (admin_url(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await;
                    }
                });
            }
        })
        .join();
    }
}

fn fastrand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{nanos}_{n}")
}

async fn two_relays() -> (TestDb, Store, Store) {
    let db = TestDb::new().await;
    let a = Store::open(&db.url, "relay-a").await.expect("open");
    let b = Store::open(&db.url, "relay-b").await.expect("open");
    (db, a, b)
}

#[tokio::test]
async fn claims_oldest_first_and_leases_exclusively_postgres() {
    let (_db, a, b) = two_relays().await;
    claims_oldest_first_and_leases_exclusively(a, b).await;
}

#[tokio::test]
async fn a_relay_claims_ahead_only_behind_its_own_leases_postgres() {
    let (_db, a, b) = two_relays().await;
    a_relay_claims_ahead_only_behind_its_own_leases(a, b).await;
}

#[tokio::test]
async fn leases_hold_aggregates_whose_ids_need_escaping_postgres() {
    let (_db, a, b) = two_relays().await;
    leases_hold_aggregates_whose_ids_need_escaping(a, b).await;
}

#[tokio::test]
async fn records_sent_and_reports_status_postgres() {
    let (_db, a, _) = two_relays().await;
    records_sent_and_reports_status(a).await;
}

#[tokio::test]
async fn a_failure_holds_back_its_aggregate_but_not_others_postgres() {
    let (_db, a, _) = two_relays().await;
    a_failure_holds_back_its_aggregate_but_not_others(a).await;
}

#[tokio::test]
async fn a_retry_keeps_the_aggregate_in_order_postgres() {
    let (_db, a, _) = two_relays().await;
    a_retry_keeps_the_aggregate_in_order(a).await;
}

#[tokio::test]
async fn an_expired_lease_returns_the_message_postgres() {
    let (_db, a, b) = two_relays().await;
    an_expired_lease_returns_the_message(a, b).await;
}

#[tokio::test]
async fn a_skipped_dead_letter_lets_its_aggregate_go_on_postgres() {
    let (_db, a, _) = two_relays().await;
    a_skipped_dead_letter_lets_its_aggregate_go_on(a).await;
}

#[tokio::test]
async fn poison_messages_dead_letter_and_can_be_redriven_postgres() {
    let (_db, a, _) = two_relays().await;
    poison_messages_dead_letter_and_can_be_redriven(a).await;
}

#[tokio::test]
async fn a_message_behind_a_busy_lease_is_not_starved_postgres() {
    let (_db, a, _) = two_relays().await;
    a_message_behind_a_busy_lease_is_not_starved(a).await;
}

#[tokio::test]
async fn sent_messages_are_purged_after_retention_postgres() {
    let (_db, a, _) = two_relays().await;
    sent_messages_are_purged_after_retention(a).await;
}

#[tokio::test]
async fn the_event_commits_or_rolls_back_with_the_business_change_postgres() {
    let db = TestDb::new().await;
    let store = PgStore::open(&db.url, "relay").await.expect("open");
    sqlx::query("CREATE TABLE orders (id TEXT PRIMARY KEY, total_cents BIGINT NOT NULL)")
        .execute(store.pool())
        .await
        .expect("orders table");
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("INSERT INTO orders VALUES ('order-1', 4200)")
        .execute(&mut *tx)
        .await
        .expect("order");
    postgres::enqueue(&mut tx, &message("order-1", 1))
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    let mut tx = store.pool().begin().await.expect("begin");
    sqlx::query("INSERT INTO orders VALUES ('order-2', 100)")
        .execute(&mut *tx)
        .await
        .expect("order");
    postgres::enqueue(&mut tx, &message("order-2", 1))
        .await
        .expect("enqueue");
    tx.rollback().await.expect("rollback");
    let batch = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].aggregate_id.as_str(), "order-1");
}

/// Four relays claim concurrently from one outbox: every message is handed
/// out exactly once, and no two relays ever hold messages of one aggregate
/// at the same time (which would let them publish out of order).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_relays_never_share_a_message_or_an_aggregate() {
    let db = TestDb::new().await;
    let seed = Store::open(&db.url, "seed").await.expect("open");
    let messages: Vec<_> = (0..400)
        .map(|i| message(&format!("order-{}", i % 37), i))
        .collect();
    let enqueued: HashSet<MessageId> = enqueue_all(&seed, &messages).await.into_iter().collect();

    // Which relay holds each aggregate right now. An entry is added when a
    // claim returns and removed just before the relay records its batch
    // (while the database still holds the lease), so an overlap seen here is
    // a real one.
    let holders: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let mut relays = Vec::new();
    for r in 0..4 {
        let store = Store::open(&db.url, &format!("relay-{r}"))
            .await
            .expect("open");
        let holders = Arc::clone(&holders);
        relays.push(tokio::spawn(async move {
            let mut claimed = Vec::new();
            loop {
                let batch = store.claim(25, LEASE).await.expect("claim");
                if batch.is_empty() {
                    let status = store.status().await.expect("status");
                    if status.pending + status.in_flight == 0 {
                        return claimed;
                    }
                    tokio::task::yield_now().await;
                    continue;
                }
                let aggregates: HashSet<String> =
                    batch.iter().map(|m| m.aggregate_id.to_string()).collect();
                {
                    let mut held = holders.lock().expect("holders lock");
                    for aggregate in &aggregates {
                        if let Some(other) = held.insert(aggregate.clone(), r) {
                            panic!("relays {other} and {r} both hold {aggregate}");
                        }
                    }
                }
                claimed.push(ids(&batch));
                let updates = outbox_core::Updates::all_sent(&batch);
                {
                    let mut held = holders.lock().expect("holders lock");
                    for aggregate in &aggregates {
                        held.remove(aggregate);
                    }
                }
                store.record(&updates).await.expect("record");
            }
        }));
    }
    let mut seen = HashSet::new();
    for relay in relays {
        for batch_ids in relay.await.expect("relay task") {
            for id in batch_ids {
                assert!(seen.insert(id), "{id} was handed to two relays");
            }
        }
    }
    assert_eq!(seen, enqueued, "every message was claimed");
}

/// Two transactions write events of one aggregate; the first to insert is
/// the last to commit. The second waits for the first (the aggregate's lock,
/// taken by the insert trigger) and gets the larger id, so a claim can never
/// see the second event while the first is still uncommitted.
#[tokio::test]
async fn ids_follow_commit_order_within_an_aggregate() {
    let (_db, store, _) = two_relays().await;
    let Store::Postgres(pg) = &store else {
        unreachable!("a PostgreSQL store")
    };
    let mut first = pg.pool().begin().await.expect("begin");
    let first_id = postgres::enqueue(&mut first, &message("a", 1))
        .await
        .expect("enqueue");
    let second = {
        let pool = pg.pool().clone();
        tokio::spawn(async move {
            let mut tx = pool.begin().await.expect("begin");
            let id = postgres::enqueue(&mut tx, &message("a", 2))
                .await
                .expect("enqueue");
            tx.commit().await.expect("commit");
            id
        })
    };
    // Another aggregate is not held up by `a`'s writers.
    let other = store
        .enqueue_one(&message("b", 1))
        .await
        .expect("enqueue b");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let seen = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(
        ids(&seen),
        [other],
        "nothing of `a` is visible while its first writer is uncommitted"
    );
    assert!(
        !second.is_finished(),
        "the second writer waits for the first"
    );
    first.commit().await.expect("commit");
    let second_id = second.await.expect("second writer");
    assert!(second_id > first_id, "{second_id:?} > {first_id:?}");
    let claimed = store.claim(10, LEASE).await.expect("claim");
    assert_eq!(ids(&claimed), [first_id, second_id]);
}

/// The previous release's `enqueue`, as it shipped: it knows nothing of
/// event ids.
async fn previous_release_enqueue(pool: &sqlx::PgPool, n: usize) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar(
        "WITH message AS (
             INSERT INTO outbox (aggregate_id, event_type, created_at, due_at)
             VALUES ($1, 'OrderPlaced', 0, 0) RETURNING id)
         INSERT INTO outbox_payload (id, payload) SELECT id, $2 FROM message
         RETURNING id",
    )
    .bind(format!("order-{}", n % 7))
    .bind(format!("{{\"n\":{n}}}").into_bytes())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An upgrade on a live outbox: the application, still on the previous
/// release, writes events the whole time `migrate` runs, and none of its
/// writes fails. A relay of the new release refuses the old schema with an
/// error that names the fix, and after the upgrade publishes every event,
/// each with an event id (from the column default the migration added).
#[tokio::test]
async fn the_previous_release_keeps_writing_while_the_schema_is_upgraded() {
    let db = TestDb::new().await;
    let pool = sqlx::PgPool::connect(&db.url).await.expect("connect");
    let mut previous = postgres::migrator();
    previous.migrations.to_mut().truncate(3);
    previous
        .run(&pool)
        .await
        .expect("the previous release's schema");

    let refused = Store::connect(&db.url, "relay")
        .await
        .expect_err("not migrated");
    assert!(
        refused.to_string().contains("run `outbox-bridge migrate`"),
        "{refused}"
    );

    let progress = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writer = {
        let (pool, progress) = (pool.clone(), Arc::clone(&progress));
        tokio::spawn(async move {
            let mut written = Vec::new();
            for n in 0..300 {
                written.push(previous_release_enqueue(&pool, n).await);
                progress.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            written
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let before = progress.load(std::sync::atomic::Ordering::SeqCst);
    let applied = Store::migrate(&db.url).await.expect("migrate");
    let after = progress.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        before > 0 && after < 300,
        "the writes ran before ({before}) and after ({after}) the upgrade"
    );
    // What `outbox-bridge migrate` prints for this upgrade, as lesson 14.2 shows it.
    assert_eq!(
        applied,
        [
            "4 (event ids)",
            "5 (dead letters block)",
            "6 (commit order)",
            "7 (message headers)"
        ]
    );
    let written = writer.await.expect("writer");
    let failed: Vec<_> = written.iter().filter_map(|w| w.as_ref().err()).collect();
    assert!(
        failed.is_empty(),
        "the old release's writes failed: {failed:?}"
    );

    let store = Store::connect(&db.url, "relay").await.expect("migrated");
    let claimed = store.claim(1_000, LEASE).await.expect("claim");
    assert_eq!(claimed.len(), 300, "every event is publishable");
    let event_ids: HashSet<_> = claimed.iter().map(|m| m.event_id).collect();
    assert_eq!(event_ids.len(), 300, "each with an event id of its own");
    assert!(claimed.iter().all(|m| m.event_id.0.get_version_num() == 7));
    assert!(Store::migrate(&db.url).await.expect("again").is_empty());
}

/// A relay needs no schema rights: a role with only read and write grants
/// on the outbox's tables connects, claims and records; `migrate` is for a
/// role that owns the schema.
#[tokio::test]
async fn a_relay_runs_with_read_and_write_grants_only() {
    let db = TestDb::new().await;
    Store::migrate(&db.url).await.expect("migrate as the owner");
    let role = format!("outbox_relay_{}", fastrand_suffix());
    let mut admin = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    for sql in [
        format!("CREATE ROLE {role} LOGIN"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .expect("grant");
    }
    let url = db.url.replacen("://postgres@", &format!("://{role}@"), 1);
    assert_ne!(url, db.url, "the test URL names the postgres user");
    let relay = Store::connect(&url, "relay")
        .await
        .expect("a DML-only relay connects");
    enqueue_all(&relay, &[message("a", 1), message("a", 2)]).await;
    let batch = relay.claim(10, LEASE).await.expect("claim");
    relay
        .record(&outbox_core::Updates::all_sent(&batch))
        .await
        .expect("record");
    assert_eq!(relay.status().await.expect("status").sent, 2);
    let schema_change = sqlx::query("CREATE TABLE not_allowed (id INT)")
        .execute(match &relay {
            Store::Postgres(pg) => pg.pool(),
            Store::Sqlite(_) => unreachable!("a PostgreSQL store"),
        })
        .await;
    assert!(
        schema_change.is_err(),
        "the relay's role cannot change the schema"
    );
    drop(relay);
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP OWNED BY {role}; DROP ROLE {role}"
    )))
    .execute(&mut admin)
    .await;
}

/// TLS to PostgreSQL: `sslmode=require` encrypts, `sslmode=verify-ca` also
/// checks the server's certificate against `sslrootcert`, and `verify-full`
/// refuses a certificate made out to another name. The test server must
/// have `ssl = on` (Debian's default, with its self-signed "snakeoil"
/// certificate for a host name, which is then its own root).
#[tokio::test]
async fn postgres_connections_require_and_verify_tls() {
    let db = TestDb::new().await;
    let mut admin = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let ssl: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(&mut admin)
        .await
        .expect("show ssl");
    assert_eq!(ssl, "on", "the test server must run with ssl = on");
    let server_cert: String = sqlx::query_scalar("SHOW ssl_cert_file")
        .fetch_one(&mut admin)
        .await
        .expect("show ssl_cert_file");

    async fn encrypted(store: Store) -> bool {
        let Store::Postgres(pg) = store else {
            unreachable!("a PostgreSQL store")
        };
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(pg.pool())
            .await
            .expect("pg_stat_ssl")
    }
    let required = Store::open(&format!("{}?sslmode=require", db.url), "tls")
        .await
        .expect("sslmode=require connects");
    assert!(encrypted(required).await, "the connection is encrypted");
    let verified = Store::open(
        &format!("{}?sslmode=verify-ca&sslrootcert={server_cert}", db.url),
        "tls",
    )
    .await
    .expect("verified against the server's certificate");
    assert!(encrypted(verified).await);

    // verify-full also checks the name: the certificate names a host
    // (`localhost`, or the machine's name), not 127.0.0.1, so the
    // connection is refused.
    let refused = Store::open(
        &format!("{}?sslmode=verify-full&sslrootcert={server_cert}", db.url),
        "tls",
    )
    .await;
    let error = refused
        .map(|_| ())
        .expect_err("a certificate for another name is refused");
    assert!(
        error.to_string().contains("not valid for name"),
        "refused for its name: {error:?}"
    );
}
