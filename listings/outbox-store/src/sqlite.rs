//! The SQLite outbox: the bridge's default, a single file with WAL.

use crate::error::from_sqlite;
use crate::{
    BACKLOG, Backlog, ClaimedRow, DeadLetter, HELD_FOR_OPERATOR, PURGE_BATCH, Redrive, Status,
    claimed_pairs, failure_columns, message_from_row, millis, newest_per_aggregate, publishable,
    sent_pairs,
};
use outbox_core::{
    MessageId, MessageState, NewMessage, OutboxMessage, OutboxStore, StoreError, UnixMillis,
    Updates,
};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::fmt::Write;
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
        (
            "aggregate leases",
            include_str!("../migrations/sqlite/0003_aggregate_leases.sql"),
        ),
        (
            "cheap state check",
            include_str!("../migrations/sqlite/0004_cheap_state_check.sql"),
        ),
        (
            "event ids",
            include_str!("../migrations/sqlite/0005_event_ids.sql"),
        ),
        (
            "dead letters block",
            include_str!("../migrations/sqlite/0006_dead_letters_block.sql"),
        ),
        (
            "message headers",
            include_str!("../migrations/sqlite/0007_message_headers.sql"),
        ),
    ])
}

/// WAL pages between automatic checkpoints (16 MiB with 4 KiB pages).
pub const CHECKPOINT_PAGES: u32 = 4_000;

/// Rows SQLite's worker thread may hand over before the reading task takes
/// them. sqlx's default (50) makes a 2000-row claim stop and wake the worker
/// dozens of times, each a pair of thread switches; a claim's rows are
/// collected whole anyway.
const ROW_BUFFER: usize = 10_000;

/// One batch of a purge: the oldest sent rows past the cutoff, found
/// through the index of sent rows by `sent_at`.
const PURGE: &str = "DELETE FROM outbox WHERE id IN
     (SELECT id FROM outbox WHERE state = 'sent' AND sent_at < ?1 LIMIT ?2)";

/// How often the background task checkpoints the WAL.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

// ANCHOR: durability
/// What a commit survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous = FULL`: the WAL is synced at every commit, so a commit
    /// survives a power loss or a kernel crash. The default.
    #[default]
    PowerLoss,
    /// `synchronous = NORMAL`: the WAL is synced only at checkpoints, so a
    /// commit survives the process crashing but may vanish in a power loss,
    /// after the relay has already published it (a phantom event).
    ProcessCrash,
}
// ANCHOR_END: durability

/// The outbox in a SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// The one connection that writes (see [`SqliteStore::open`]).
    pool: SqlitePool,
    /// Connections for reads (`status`, `dead-letters`) and checkpoints.
    readers: SqlitePool,
    owner: String,
    /// Whether a dead letter holds back the rest of its aggregate.
    dead_letters_block: bool,
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

/// Writes `message` into the outbox inside the caller's transaction: the
/// event then commits, or rolls back, together with the business change that
/// caused it. Taking a `Transaction` rather than any connection makes that
/// rule part of the signature, and keeps the message's two rows (the row the
/// relay claims and its payload) all-or-nothing.
// ANCHOR: enqueue
pub async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    message: &NewMessage,
) -> Result<MessageId, StoreError> {
    let now = UnixMillis::now().0;
    // Two statements, one round trip to SQLite's worker thread.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (aggregate_id, event_type, created_at, due_at, event_id)
         VALUES (?1, ?2, ?3, ?3, ?5);
         INSERT INTO outbox_payload (id, payload, content_type, headers)
         VALUES (last_insert_rowid(), ?4, ?6, ?7)
         RETURNING id",
    )
    .bind(message.aggregate_id.as_str())
    .bind(&message.event_type)
    .bind(now)
    .bind(&message.payload)
    .bind(message.event_id.0)
    .bind(message.content_type.as_deref())
    .bind(crate::headers_json(message)?)
    .fetch_one(&mut **tx)
    .await
    .map_err(from_sqlite)?;
    Ok(MessageId(id))
}
// ANCHOR_END: enqueue

impl SqliteStore {
    // ANCHOR: open
    /// Opens (creating if needed) the database at `url` and migrates it.
    ///
    /// WAL lets the application write while the relay reads; FULL
    /// synchronous syncs the WAL at every commit, so a commit survives a
    /// power loss too (NORMAL would only survive a process crash: after a
    /// power loss an event the relay had already published could vanish
    /// from the outbox, a phantom); a busy timeout turns short lock waits
    /// into waits rather than errors.
    ///
    /// SQLite lets one connection write at a time, and one that finds the
    /// database locked sleeps in growing steps (up to 100 ms) before it looks
    /// again. So all writes in this process share one connection: the relay
    /// and the application queue for it in order, and each gets it the
    /// moment the other is done. Reads have connections of their own.
    ///
    /// Checkpoints (copying the WAL back into the database file) run on a
    /// background task, so the relay's claims and records do not wait for
    /// them; SQLite's own automatic checkpoint stays as the fallback, at
    /// [`CHECKPOINT_PAGES`] rather than 1000 pages.
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
        Self::open_with(url, owner, busy_timeout, Durability::PowerLoss).await
    }

    /// [`SqliteStore::open`] with every choice spelled out, `durability`
    /// included. The benchmark uses it to measure what [`Durability::PowerLoss`]
    /// costs.
    pub async fn open_with(
        url: &str,
        owner: &str,
        busy_timeout: Duration,
        durability: Durability,
    ) -> Result<Self, StoreError> {
        let synchronous = match durability {
            Durability::PowerLoss => SqliteSynchronous::Full,
            Durability::ProcessCrash => SqliteSynchronous::Normal,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(from_sqlite)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous)
            .busy_timeout(busy_timeout)
            .pragma("wal_autocheckpoint", CHECKPOINT_PAGES.to_string())
            .foreign_keys(true)
            .row_buffer_size(ROW_BUFFER);
        let pool = |connections| {
            SqlitePoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.clone())
        };
        let writer = pool(1).await.map_err(from_sqlite)?;
        migrator()
            .run(&writer)
            .await
            .map_err(|e| from_sqlite(e.into()))?;
        let stop = CancellationToken::new();
        // An in-memory database lives in one connection: it is the only one.
        let readers = if url.contains(":memory:") {
            writer.clone()
        } else {
            let readers = pool(3).await.map_err(from_sqlite)?;
            tokio::spawn(checkpoint_in_background(readers.clone(), stop.clone()));
            readers
        };
        Ok(Self {
            pool: writer,
            readers,
            owner: owner.to_owned(),
            dead_letters_block: true,
            _checkpoints: Arc::new(stop.drop_guard()),
        })
    }
    // ANCHOR_END: open

    /// Whether a dead letter holds back the later messages of its aggregate
    /// until it is re-driven (the default: an aggregate's events are never
    /// delivered out of order), or lets them flow past it.
    pub fn dead_letters_block(mut self, block: bool) -> Self {
        self.dead_letters_block = block;
        self
    }

    /// The writing pool (one connection), for applications that write
    /// business rows and outbox rows in one transaction:
    /// `let mut tx = store.pool().begin().await?;`. Writing through it
    /// queues the application and the relay fairly (see [`SqliteStore::open`]).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn enqueue_one(&self, message: &NewMessage) -> Result<MessageId, StoreError> {
        let mut tx = self.pool.begin().await.map_err(from_sqlite)?;
        let id = enqueue(&mut tx, message).await?;
        tx.commit().await.map_err(from_sqlite)?;
        Ok(id)
    }

    // ANCHOR: backlog
    /// The backlog gauges. Every count reads a partial index of unsent or
    /// dead rows, and the oldest unsent message is the first entry of one:
    /// the cost follows the backlog, not the history of sent rows.
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        sqlx::query_as(BACKLOG)
            .fetch_one(&self.readers)
            .await
            .map(Backlog::from_row)
            .map_err(from_sqlite)
    }
    // ANCHOR_END: backlog

    pub async fn status(&self) -> Result<Status, StoreError> {
        sqlx::query_as(
                "SELECT
                     (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),
                     (SELECT COUNT(*) FROM outbox_lease l JOIN outbox o ON o.aggregate_id = l.aggregate_id
                      WHERE o.state = 'pending' AND l.owner IS NOT NULL AND l.held_until > ?1
                        AND o.id > l.recorded_through AND o.id <= l.claimed_through),
                     (SELECT COUNT(*) FROM outbox WHERE state = 'sent'),
                     (SELECT COUNT(*) FROM outbox WHERE state = 'dead'),
                     (SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1)",
            )
            .bind(UnixMillis::now().0)
            .fetch_one(&self.readers)
            .await
            .map(Status::from_row)
            .map_err(from_sqlite)
    }

    pub async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, aggregate_id, event_type, attempts, COALESCE(last_error, '') AS reason, created_at
             FROM outbox WHERE state = 'dead' ORDER BY id LIMIT ?1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.readers)
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

    /// Moves dead letters back to pending with a fresh attempt budget, and
    /// lifts the hold of every aggregate left with no dead letter, in one
    /// transaction.
    pub async fn redrive(&self, which: &Redrive) -> Result<u64, StoreError> {
        let now = UnixMillis::now().0;
        let mut tx = self.pool.begin().await.map_err(from_sqlite)?;
        let result = match which {
            Redrive::All => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = ?1, last_error = NULL
                     WHERE state = 'dead'",
            )
            .bind(now)
            .execute(&mut *tx)
            .await,
            Redrive::Ids(ids) => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = ?1, last_error = NULL
                     WHERE state = 'dead' AND id IN (SELECT value FROM json_each(?2))",
            )
            .bind(now)
            .bind(json_ids(ids))
            .execute(&mut *tx)
            .await,
        };
        let redriven = result.map_err(from_sqlite)?.rows_affected();
        sqlx::query(
            "DELETE FROM outbox_lease WHERE owner IS NULL AND held_until = ?1
               AND aggregate_id NOT IN (SELECT aggregate_id FROM outbox WHERE state = 'dead')",
        )
        .bind(HELD_FOR_OPERATOR)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlite)?;
        tx.commit().await.map_err(from_sqlite)?;
        Ok(redriven)
    }

    /// Lifts the holds of the aggregates of these dead letters; see [`crate::Store::skip`].
    pub async fn skip(&self, ids: &[MessageId]) -> Result<u64, StoreError> {
        let result = sqlx::query(
            "DELETE FROM outbox_lease WHERE owner IS NULL AND held_until = ?1 AND aggregate_id IN
                 (SELECT aggregate_id FROM outbox
                  WHERE state = 'dead' AND id IN (SELECT value FROM json_each(?2)))",
        )
        .bind(HELD_FOR_OPERATOR)
        .bind(json_ids(ids))
        .execute(&self.pool)
        .await
        .map_err(from_sqlite)?;
        Ok(result.rows_affected())
    }

    // ANCHOR: purge
    pub async fn purge_sent(&self, retention: Duration) -> Result<u64, StoreError> {
        let cutoff = UnixMillis::now().0.saturating_sub(millis(retention));
        let mut purged = 0;
        loop {
            // One batch per statement, each its own transaction: the write
            // lock is held for a batch, not for the whole purge.
            let deleted = sqlx::query(PURGE)
                .bind(cutoff)
                .bind(PURGE_BATCH)
                .execute(&self.pool)
                .await
                .map_err(from_sqlite)?
                .rows_affected();
            purged += deleted;
            if deleted < PURGE_BATCH as u64 {
                break;
            }
        }
        // A lease that ended is the same as none: drop the row.
        sqlx::query("DELETE FROM outbox_lease WHERE held_until < ?1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(from_sqlite)?;
        Ok(purged)
    }
    // ANCHOR_END: purge
}

// ANCHOR: json_ids
/// Ids as a JSON array, so one static statement handles a list of any
/// length through `json_each` (no SQL is built at run time). The ids are
/// written into one string, so a batch of 3000 is one allocation, not one
/// per id.
fn json_ids<'a>(ids: impl IntoIterator<Item = &'a MessageId>) -> String {
    let mut json = String::from("[");
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        // Formatting into a `String` cannot fail.
        let _ = write!(json, "{}", id.0);
    }
    json.push(']');
    json
}
// ANCHOR_END: json_ids

impl OutboxStore for SqliteStore {
    // ANCHOR: claim
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = UnixMillis::now();
        // IMMEDIATE takes the write lock before the first read, so no other
        // relay can claim between our read and our leases: SQLite has one
        // writer at a time, and this makes the whole claim one step.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(from_sqlite)?;
        // Unsent rows in id order whose aggregate is free (no lease row, or
        // one that ended) or leased by this relay; behind its own lease a
        // relay skips what it has in flight and may claim ahead, publishing
        // those messages only after the earlier ones are confirmed. An
        // aggregate leased by another relay, or waiting out a backoff, holds
        // back all its messages: that keeps each aggregate in order.
        let rows: Vec<ClaimedRow> = sqlx::query_as(
            "SELECT o.id, o.event_id, o.aggregate_id, o.event_type, p.payload, o.attempts, o.created_at,
                    p.content_type, p.headers
             FROM outbox o
             LEFT JOIN outbox_lease l ON l.aggregate_id = o.aggregate_id
             LEFT JOIN outbox_payload p ON p.id = o.id
             WHERE o.state = 'pending'
               AND (l.aggregate_id IS NULL OR l.held_until <= ?2
                    OR (l.owner = ?1 AND (o.id > l.claimed_through OR o.id <= l.recorded_through)))
             ORDER BY o.id LIMIT ?3",
        )
        .bind(&self.owner)
        .bind(now.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(from_sqlite)?;
        if !rows.is_empty() {
            // One lease per aggregate, extended to the newest message claimed:
            // a JSON object of aggregate → id, one upsert per key. (`WHERE
            // true` tells SQLite's parser the ON CONFLICT belongs to the
            // INSERT, not to a join.)
            let newest = serde_json::to_string(&newest_per_aggregate(claimed_pairs(&rows)))
                .map_err(|e| {
                    StoreError::Unusable(format!("listing the claimed aggregates: {e}"))
                })?;
            sqlx::query(
                "INSERT INTO outbox_lease (aggregate_id, owner, held_until, claimed_through, recorded_through)
                 SELECT key, ?1, ?2, value, 0 FROM json_each(?3) WHERE true
                 ON CONFLICT (aggregate_id) DO UPDATE SET
                     claimed_through = CASE WHEN owner = ?1 AND held_until > ?4
                         THEN MAX(claimed_through, excluded.claimed_through)
                         ELSE excluded.claimed_through END,
                     recorded_through = CASE WHEN owner = ?1 AND held_until > ?4
                         THEN recorded_through ELSE 0 END,
                     owner = ?1,
                     held_until = ?2",
            )
            .bind(&self.owner)
            .bind(now.after(lease).0)
            .bind(newest)
            .bind(now.0)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        tx.commit().await.map_err(from_sqlite)?;
        publishable(
            self,
            rows.into_iter().map(message_from_row).collect(),
            self.dead_letters_block,
        )
        .await
    }
    // ANCHOR_END: claim

    // ANCHOR: record
    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let now = UnixMillis::now().0;
        let mut tx = self.pool.begin().await.map_err(from_sqlite)?;
        // Whether a dead letter counted as done moved a lease's mark.
        let mut skipped_dead_letters = false;
        for (id, next) in &updates.failed {
            let (state, attempts, due_at, error) = failure_columns(next, UnixMillis(now))?;
            // Only while we still hold the aggregate: otherwise another relay
            // owns the message now, and its own result will be written.
            let written = sqlx::query(
                "UPDATE outbox SET state = ?1, attempts = ?2, due_at = ?3, last_error = ?4
                 WHERE id = ?5 AND state = 'pending' AND aggregate_id IN
                     (SELECT aggregate_id FROM outbox_lease WHERE owner = ?6)",
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
            if written.rows_affected() == 0 {
                continue;
            }
            // A retry holds back its whole aggregate until it is due; a dead
            // letter, until an operator re-drives it (or, if dead letters do
            // not block, it counts as done and the lease moves past it).
            let held_until = match next {
                MessageState::Pending { .. } => Some(due_at),
                _ if self.dead_letters_block => Some(HELD_FOR_OPERATOR),
                _ => None,
            };
            match held_until {
                Some(until) => sqlx::query(
                    "UPDATE outbox_lease
                     SET owner = NULL, held_until = ?1, claimed_through = 0, recorded_through = 0
                     WHERE owner = ?2 AND aggregate_id = (SELECT aggregate_id FROM outbox WHERE id = ?3)",
                )
                .bind(until)
                .bind(&self.owner)
                .bind(id.0),
                None => {
                    skipped_dead_letters = true;
                    sqlx::query(
                        "UPDATE outbox_lease SET recorded_through = MAX(recorded_through, ?2)
                         WHERE owner = ?1 AND aggregate_id = (SELECT aggregate_id FROM outbox WHERE id = ?2)",
                    )
                    .bind(&self.owner)
                    .bind(id.0)
                }
            }
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        if !updates.sent.is_empty() {
            // Three statements, one trip to SQLite's worker thread: the
            // transaction holds the write lock for less time.
            //  - Published is published: mark it even if our lease ran out.
            //  - Move each lease's recorded mark to the newest message sent
            //    (a JSON object of aggregate → id, from `updates`).
            //  - End the leases with nothing left in flight, so another relay
            //    may take those aggregates. The table holds only live leases
            //    and backoffs: a short scan.
            let newest = serde_json::to_string(&newest_per_aggregate(sent_pairs(updates)))
                .map_err(|e| StoreError::Unusable(format!("listing the sent aggregates: {e}")))?;
            sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = ?1, last_error = NULL
                 WHERE id IN (SELECT value FROM json_each(?2)) AND state = 'pending';

                 UPDATE outbox_lease SET recorded_through = done.value
                 FROM json_each(?4) AS done
                 WHERE outbox_lease.aggregate_id = done.key AND owner = ?3
                   AND done.value > recorded_through;

                 DELETE FROM outbox_lease WHERE owner = ?3 AND claimed_through <= recorded_through;",
            )
            .bind(now)
            .bind(json_ids(updates.sent.iter().map(|(id, _)| id)))
            .bind(&self.owner)
            .bind(newest)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        if skipped_dead_letters && updates.sent.is_empty() {
            // The sent statements above end the leases with nothing left in
            // flight; with none sent, a skipped dead letter's lease ends here.
            sqlx::query(
                "DELETE FROM outbox_lease WHERE owner = ?1 AND claimed_through <= recorded_through",
            )
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        if !updates.released.is_empty() {
            // Handed back unpublished: the aggregate starts again from its oldest message.
            sqlx::query(
                "DELETE FROM outbox_lease WHERE owner = ?1 AND aggregate_id IN
                     (SELECT aggregate_id FROM outbox WHERE id IN (SELECT value FROM json_each(?2)))",
            )
            .bind(&self.owner)
            .bind(json_ids(&updates.released))
            .execute(&mut *tx)
            .await
            .map_err(from_sqlite)?;
        }
        tx.commit().await.map_err(from_sqlite)
    }
    // ANCHOR_END: record
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written by the previous release (leases and backoffs on
    /// the rows, payloads inline) keeps both through migration 0003.
    /// A database file that has applied only the first `applied`
    /// migrations, as an earlier release left it: its directory (keep it
    /// alive), its URL and a pool on it.
    async fn database_after(applied: usize) -> (tempfile::TempDir, String, SqlitePool) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
        let options = SqliteConnectOptions::from_str(&url)
            .expect("url")
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .expect("open");
        let mut earlier = migrator();
        earlier.migrations.to_mut().truncate(applied);
        earlier
            .run(&pool)
            .await
            .expect("an earlier release's schema");
        (dir, url, pool)
    }

    /// The queries the relay runs every second, or on a schedule, must not
    /// read the retained sent rows: each step of their plans goes through an
    /// index (SQLite's plan says `SCAN <table>` with no index for a full scan).
    #[tokio::test]
    async fn polling_and_purging_never_scan_the_whole_outbox() {
        let store = SqliteStore::open("sqlite::memory:", "me")
            .await
            .expect("open");
        for sql in [BACKLOG, PURGE] {
            let plan = explain(store.pool(), sql).await;
            assert!(!plan.is_empty(), "a plan for {sql}");
            for step in &plan {
                assert!(
                    !step.starts_with("SCAN")
                        || step.contains("INDEX")
                        || step == "SCAN CONSTANT ROW",
                    "a full scan, {step:?}, in the plan of {sql}"
                );
            }
        }
        // The check catches one: the status query of the previous release.
        let old = explain(
            store.pool(),
            "SELECT COALESCE(SUM(o.state = 'sent'), 0) FROM outbox o
             LEFT JOIN outbox_lease l ON l.aggregate_id = o.aggregate_id",
        )
        .await;
        assert!(old.iter().any(|step| step == "SCAN o"), "{old:?}");
    }

    /// `EXPLAIN QUERY PLAN` rows: (id, parent, notused, detail).
    async fn explain(pool: &SqlitePool, sql: &str) -> Vec<String> {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .bind(0i64)
                .bind(1i64)
                .fetch_all(pool)
                .await
                .expect("explain");
        rows.into_iter().map(|(.., detail)| detail).collect()
    }

    #[tokio::test]
    async fn a_purge_larger_than_a_batch_deletes_every_old_sent_row() {
        let store = SqliteStore::open("sqlite::memory:", "me")
            .await
            .expect("open");
        let rows = 2 * PURGE_BATCH + 7;
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             INSERT INTO outbox (aggregate_id, event_type, created_at, due_at, state, sent_at)
             SELECT 'a', 'E', 0, 0, 'sent', 0 FROM n",
        )
        .bind(rows)
        .execute(store.pool())
        .await
        .expect("old sent rows");
        store
            .enqueue_one(
                &NewMessage::new(outbox_core::AggregateId::new("b").expect("valid"), "E", "x")
                    .expect("valid"),
            )
            .await
            .expect("one unsent");
        let purged = store.purge_sent(Duration::ZERO).await.expect("purge");
        assert_eq!(purged, u64::try_from(rows).expect("positive"));
        let backlog = store.backlog().await.expect("backlog");
        assert_eq!((backlog.unsent, backlog.dead), (1, 0));
        assert_eq!(store.status().await.expect("status").sent, 0);
    }

    #[tokio::test]
    async fn an_outbox_from_the_previous_release_keeps_its_leases_and_payloads() {
        let (_dir, url, old) = database_after(2).await;
        let later = UnixMillis::now().after(Duration::from_secs(3600)).0;
        // a1 is leased by another relay, b1 waits out a backoff, c1 is free.
        sqlx::query(
            "INSERT INTO outbox (aggregate_id, event_type, payload, created_at, due_at, lease_owner) VALUES
                 ('a', 'E', x'01', 0, ?1, 'other'), ('a', 'E', x'02', 0, 0, NULL),
                 ('b', 'E', x'03', 0, ?1, NULL),    ('b', 'E', x'04', 0, 0, NULL),
                 ('c', 'E', x'05', 0, 0, NULL)",
        )
        .bind(later)
        .execute(&old)
        .await
        .expect("rows of the previous release");
        old.close().await;

        let store = SqliteStore::open(&url, "me").await.expect("migrate");
        let claimed = store
            .claim(10, Duration::from_secs(30))
            .await
            .expect("claim");
        let got: Vec<(&str, &[u8])> = claimed
            .iter()
            .map(|m| (m.aggregate_id.as_str(), m.payload.as_slice()))
            .collect();
        assert_eq!(got, [("c", &[5u8][..])], "a and b stay held");
        // The lease holder still owns `a` and may claim behind it.
        let other = SqliteStore::open(&url, "other").await.expect("open");
        let behind = other
            .claim(10, Duration::from_secs(30))
            .await
            .expect("claim");
        assert_eq!(behind.len(), 1);
        assert_eq!(behind[0].payload, [2]);
    }

    /// Migration 0004 rebuilds the outbox table: payloads survive (no
    /// cascade from dropping the old table), ids are not reused, the cascade
    /// works again afterwards, and the CHECK still guards `state`.
    #[tokio::test]
    async fn rebuilding_the_outbox_keeps_payloads_ids_and_the_state_check() {
        // sqlx turns foreign keys on for every connection, as the store does.
        let (_dir, url, old) = database_after(3).await;
        // Three messages; the newest is purged, so the highest id in the
        // table (2) is below the highest ever handed out (3).
        sqlx::query(
            "INSERT INTO outbox (aggregate_id, event_type, created_at, due_at)
                 VALUES ('a', 'E', 0, 0), ('a', 'E', 0, 0), ('b', 'E', 0, 0);
             INSERT INTO outbox_payload (id, payload) VALUES (1, x'01'), (2, x'02'), (3, x'03');
             DELETE FROM outbox WHERE id = 3;",
        )
        .execute(&old)
        .await
        .expect("rows before the rebuild");
        old.close().await;

        let store = SqliteStore::open(&url, "me").await.expect("migrate");
        async fn payloads(store: &SqliteStore) -> Vec<Vec<u8>> {
            sqlx::query_scalar("SELECT payload FROM outbox_payload ORDER BY id")
                .fetch_all(store.pool())
                .await
                .expect("payloads")
        }
        assert_eq!(payloads(&store).await, [vec![1], vec![2]]);
        let next = store
            .enqueue_one(
                &NewMessage::new(outbox_core::AggregateId::new("c").expect("valid"), "E", "x")
                    .expect("valid"),
            )
            .await
            .expect("enqueue");
        assert_eq!(next, MessageId(4), "id 3 was handed out before");
        sqlx::query("DELETE FROM outbox WHERE id = 1")
            .execute(store.pool())
            .await
            .expect("delete");
        assert_eq!(payloads(&store).await, [vec![2], b"x".to_vec()]);
        let bad_state = sqlx::query(
            "INSERT INTO outbox (aggregate_id, event_type, created_at, due_at, state)
             VALUES ('d', 'E', 0, 0, 'in_flight')",
        )
        .execute(store.pool())
        .await;
        assert!(
            bad_state.is_err(),
            "the CHECK rejects a state no one writes"
        );
    }
}
