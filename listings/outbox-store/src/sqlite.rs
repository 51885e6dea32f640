//! The SQLite outbox: the bridge's default, a single file with WAL.

use crate::error::from_sqlite;
use crate::{
    DeadLetter, Redrive, Status, count, failure_columns, message_from_parts, millis, publishable,
};
use outbox_core::{
    MessageId, NewMessage, OutboxMessage, OutboxStore, StoreError, UnixMillis, Updates,
};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::{CancellationToken, DropGuard};
use tracing::debug;

/// The schema, compiled into the binary so a deployed bridge needs no files.
fn migrator() -> Migrator {
    crate::migrator([
        (
            "outbox",
            include_str!("../migrations/sqlite/0001_outbox.sql"),
        ),
        (
            "lease keeps state",
            include_str!("../migrations/sqlite/0002_lease_keeps_state.sql"),
        ),
    ])
}

/// WAL pages between automatic checkpoints (16 MiB with 4 KiB pages).
pub const CHECKPOINT_PAGES: u32 = 4_000;

/// How often the background task checkpoints the WAL.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// The outbox in a SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    owner: String,
    /// Stops the background checkpoints when the last clone is dropped.
    _checkpoints: Arc<DropGuard>,
}

// ANCHOR: checkpoint
/// Copies the WAL into the database file every [`CHECKPOINT_EVERY`], on a
/// connection of its own. A passive checkpoint never blocks a writer, and it
/// runs on another core while the relay writes.
async fn checkpoint_in_background(pool: SqlitePool, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(CHECKPOINT_EVERY) => {}
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            debug!(%error, "background checkpoint failed; SQLite's own will run");
        }
    }
}
// ANCHOR_END: checkpoint

/// Writes `message` into the outbox on the caller's connection, which should
/// be inside the caller's transaction: the event then commits, or rolls back,
/// together with the business change that caused it.
// ANCHOR: enqueue
pub async fn enqueue(
    conn: &mut SqliteConnection,
    message: &NewMessage,
) -> Result<MessageId, StoreError> {
    let now = UnixMillis::now().0;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (aggregate_id, event_type, payload, created_at, due_at)
         VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
    )
    .bind(message.aggregate_id.as_str())
    .bind(&message.event_type)
    .bind(&message.payload)
    .bind(now)
    .fetch_one(conn)
    .await
    .map_err(from_sqlite)?;
    Ok(MessageId(id))
}
// ANCHOR_END: enqueue

impl SqliteStore {
    // ANCHOR: open
    /// Opens (creating if needed) the database at `url` and migrates it.
    ///
    /// WAL lets the application write while the relay reads; NORMAL
    /// synchronous is durable across process crashes (WAL is synced at
    /// checkpoints); a busy timeout turns short lock waits into waits rather
    /// than errors.
    ///
    /// Checkpoints (copying the WAL back into the database file) run on a
    /// background task, so the relay's claims and records do not wait for
    /// them; SQLite's own automatic checkpoint stays as the fallback, at
    /// [`CHECKPOINT_PAGES`] rather than 1000 pages: the relay rewrites the
    /// same index pages in every batch, and a rarer checkpoint copies each
    /// of them once.
    pub async fn open(url: &str, owner: &str) -> Result<Self, StoreError> {
        Self::open_with_busy_timeout(url, owner, Duration::from_secs(5)).await
    }

    /// [`SqliteStore::open`] with a chosen wait for a locked database before
    /// an operation fails with [`StoreError::Busy`].
    pub async fn open_with_busy_timeout(
        url: &str,
        owner: &str,
        busy_timeout: Duration,
    ) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(from_sqlite)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(busy_timeout)
            .pragma("wal_autocheckpoint", CHECKPOINT_PAGES.to_string())
            .foreign_keys(true);
        // An in-memory database lives in one connection; a pool of one keeps it whole.
        let max = if url.contains(":memory:") { 1 } else { 4 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(from_sqlite)?;
        migrator()
            .run(&pool)
            .await
            .map_err(|e| from_sqlite(e.into()))?;
        let stop = CancellationToken::new();
        if max > 1 {
            tokio::spawn(checkpoint_in_background(pool.clone(), stop.clone()));
        }
        Ok(Self {
            pool,
            owner: owner.to_owned(),
            _checkpoints: Arc::new(stop.drop_guard()),
        })
    }
    // ANCHOR_END: open

    /// The pool, for applications that write business rows and outbox rows
    /// in one transaction: `let mut tx = store.pool().begin().await?;`.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn enqueue_one(&self, message: &NewMessage) -> Result<MessageId, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(from_sqlite)?;
        enqueue(&mut conn, message).await
    }

    pub async fn status(&self) -> Result<Status, StoreError> {
        let row = sqlx::query(
            "SELECT
                 COALESCE(SUM(state = 'pending' AND (lease_owner IS NULL OR due_at <= ?1)), 0) AS pending,
                 COALESCE(SUM(state = 'pending' AND lease_owner IS NOT NULL AND due_at > ?1), 0) AS in_flight,
                 COALESCE(SUM(state = 'sent'), 0) AS sent,
                 COALESCE(SUM(state = 'dead'), 0) AS dead,
                 (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest
             FROM outbox",
        )
        .bind(UnixMillis::now().0)
        .fetch_one(&self.pool)
        .await
        .map_err(from_sqlite)?;
        let get = |name: &str| row.try_get::<i64, _>(name).map_err(from_sqlite);
        Ok(Status {
            pending: count(get("pending")?),
            in_flight: count(get("in_flight")?),
            sent: count(get("sent")?),
            dead: count(get("dead")?),
            oldest_unsent: row
                .try_get::<Option<i64>, _>("oldest")
                .map_err(from_sqlite)?
                .map(UnixMillis),
        })
    }

    pub async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, aggregate_id, event_type, attempts, COALESCE(last_error, '') AS reason, created_at
             FROM outbox WHERE state = 'dead' ORDER BY id LIMIT ?1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlite)?;
        rows.iter()
            .map(|row| {
                Ok(DeadLetter {
                    id: MessageId(row.try_get("id")?),
                    aggregate_id: row.try_get("aggregate_id")?,
                    event_type: row.try_get("event_type")?,
                    attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                    reason: row.try_get("reason")?,
                    created_at: UnixMillis(row.try_get("created_at")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(from_sqlite)
    }

    pub async fn redrive(&self, which: &Redrive) -> Result<u64, StoreError> {
        let now = UnixMillis::now().0;
        let result = match which {
            Redrive::All => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = ?1, last_error = NULL
                     WHERE state = 'dead'",
            )
            .bind(now)
            .execute(&self.pool)
            .await,
            Redrive::Ids(ids) => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = ?1, last_error = NULL
                     WHERE state = 'dead' AND id IN (SELECT value FROM json_each(?2))",
            )
            .bind(now)
            .bind(json_ids(ids))
            .execute(&self.pool)
            .await,
        };
        Ok(result.map_err(from_sqlite)?.rows_affected())
    }

    pub async fn purge_sent(&self, retention: Duration) -> Result<u64, StoreError> {
        let cutoff = UnixMillis::now().0.saturating_sub(millis(retention));
        let result = sqlx::query("DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(from_sqlite)?;
        Ok(result.rows_affected())
    }
}

// ANCHOR: json_ids
/// Ids as a JSON array, so one static statement handles a list of any
/// length through `json_each` (no SQL is built at run time).
fn json_ids(ids: &[MessageId]) -> String {
    let items: Vec<String> = ids.iter().map(|id| id.0.to_string()).collect();
    format!("[{}]", items.join(","))
}
// ANCHOR_END: json_ids

impl OutboxStore for SqliteStore {
    // ANCHOR: claim
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = UnixMillis::now();
        // One statement, so SQLite's write lock makes the claim atomic across
        // relays. A row qualifies when it is due and the head of its
        // aggregate's queue is due too, or leased by this relay: a message
        // waiting out a backoff, or leased by another relay, holds back the
        // later messages of its aggregate, which keeps each aggregate in
        // order. Behind its own leases a relay may claim ahead; it publishes
        // those messages only after the earlier ones are confirmed.
        // The claim sets the lease and leaves `state` alone (see the schema).
        let rows = sqlx::query(
            "UPDATE outbox SET due_at = ?1, lease_owner = ?2
             WHERE id IN (
                 SELECT o.id FROM outbox o
                 WHERE o.state = 'pending' AND o.due_at <= ?3
                   AND (SELECT h.due_at <= ?3 OR h.lease_owner = ?2 FROM outbox h
                        WHERE h.aggregate_id = o.aggregate_id AND h.state = 'pending'
                        ORDER BY h.id LIMIT 1)
                 ORDER BY o.id LIMIT ?4)
             RETURNING id, aggregate_id, event_type, payload, attempts, created_at",
        )
        .bind(now.after(lease).0)
        .bind(&self.owner)
        .bind(now.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlite)?;
        let parsed = rows
            .into_iter()
            .map(|row| {
                Ok(message_from_parts(
                    row.try_get("id").map_err(from_sqlite)?,
                    row.try_get("aggregate_id").map_err(from_sqlite)?,
                    row.try_get("event_type").map_err(from_sqlite)?,
                    row.try_get("payload").map_err(from_sqlite)?,
                    row.try_get("attempts").map_err(from_sqlite)?,
                    row.try_get("created_at").map_err(from_sqlite)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        publishable(self, parsed).await
    }
    // ANCHOR_END: claim

    // ANCHOR: record
    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let now = UnixMillis::now().0;
        let mut tx = self.pool.begin().await.map_err(from_sqlite)?;
        if !updates.sent.is_empty() {
            // Published is published: mark it even if our lease ran out meanwhile.
            sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = ?1, lease_owner = NULL, last_error = NULL
                 WHERE id IN (SELECT value FROM json_each(?2)) AND state = 'pending'",
            )
            .bind(now)
            .bind(json_ids(&updates.sent))
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        for (id, next) in &updates.failed {
            let (state, attempts, due_at, error) = failure_columns(next, UnixMillis(now))?;
            // Only while we still hold the lease: otherwise another relay owns it now.
            sqlx::query(
                "UPDATE outbox SET state = ?1, attempts = ?2, due_at = ?3, last_error = ?4, lease_owner = NULL
                 WHERE id = ?5 AND state = 'pending' AND lease_owner = ?6",
            )
            .bind(state)
            .bind(i64::from(attempts))
            .bind(due_at)
            .bind(error)
            .bind(id.0)
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        if !updates.released.is_empty() {
            sqlx::query(
                "UPDATE outbox SET state = 'pending', due_at = ?1, lease_owner = NULL
                 WHERE id IN (SELECT value FROM json_each(?2)) AND state = 'pending' AND lease_owner = ?3",
            )
            .bind(now)
            .bind(json_ids(&updates.released))
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        tx.commit().await.map_err(from_sqlite)
    }
    // ANCHOR_END: record
}
