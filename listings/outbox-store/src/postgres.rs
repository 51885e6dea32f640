//! The PostgreSQL outbox: for several relay instances sharing one outbox.
//!
//! Claims and records run in short transactions that first take one
//! transaction-scoped advisory lock, so they are serialized across relays
//! while publishing (the slow part) stays parallel. Each then sees every
//! earlier claim and record committed, as on SQLite with its single writer.
//! Row locks alone (`FOR UPDATE SKIP LOCKED`) would not do: they keep two
//! relays from taking the same row, but a claim reads the aggregate leases
//! and writes them in two statements, and another relay's claim or record
//! could change a lease in between.

use crate::error::from_postgres;
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
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::time::Duration;

// ANCHOR: claim_lock
/// The advisory lock key that serializes claims and records ("outbox" in ASCII).
const CLAIM_LOCK: i64 = 0x6f75_7462_6f78;
// ANCHOR_END: claim_lock

/// The schema, compiled into the binary so a deployed bridge needs no files.
/// Public so that an upgrade test can build the schema an earlier release
/// left (`migrations.to_mut().truncate(n)`).
pub fn migrator() -> Migrator {
    crate::migrator([
        (
            "outbox",
            include_str!("../migrations/postgres/0001_outbox.sql"),
        ),
        (
            "lease keeps state",
            include_str!("../migrations/postgres/0002_lease_keeps_state.sql"),
        ),
        (
            "aggregate leases",
            include_str!("../migrations/postgres/0003_aggregate_leases.sql"),
        ),
        (
            "event ids",
            include_str!("../migrations/postgres/0004_event_ids.sql"),
        ),
        (
            "dead letters block",
            include_str!("../migrations/postgres/0005_dead_letters_block.sql"),
        ),
        (
            "commit order",
            include_str!("../migrations/postgres/0006_commit_order.sql"),
        ),
        (
            "message headers",
            include_str!("../migrations/postgres/0007_message_headers.sql"),
        ),
    ])
}

/// The outbox in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    owner: String,
    /// Whether a dead letter holds back the rest of its aggregate.
    dead_letters_block: bool,
}

/// Writes `message` into the outbox inside the caller's transaction: the
/// event then commits, or rolls back, together with the business change that
/// caused it. Taking a `Transaction` rather than any connection makes that
/// rule part of the signature, and keeps the message's two rows (the row the
/// relay claims and its payload) all-or-nothing.
// ANCHOR: enqueue
pub async fn enqueue(
    tx: &mut Transaction<'_, Postgres>,
    message: &NewMessage,
) -> Result<MessageId, StoreError> {
    let now = UnixMillis::now().0;
    // One statement: the payload row is written from the new row's id.
    let id: i64 = sqlx::query_scalar(
        "WITH message AS (
             INSERT INTO outbox (aggregate_id, event_type, created_at, due_at, event_id)
             VALUES ($1, $2, $3, $3, $5) RETURNING id)
         INSERT INTO outbox_payload (id, payload, content_type, headers)
         SELECT id, $4, $6, $7::jsonb FROM message
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
    .map_err(from_postgres)?;
    Ok(MessageId(id))
}
// ANCHOR_END: enqueue

impl PgStore {
    /// Connects to `url` and migrates the schema.
    pub async fn open(url: &str, owner: &str) -> Result<Self, StoreError> {
        let store = Self::connect_unchecked(url, owner).await?;
        store.migrate().await?;
        Ok(store)
    }

    // ANCHOR: connect
    /// Connects to `url` *without* changing the schema, and checks that
    /// every migration of this release has been applied: a relay needs
    /// only read and write grants on the outbox tables. A schema that is
    /// behind is a clear error that names the fix; one that is ahead (a
    /// later release migrated, expand-only) is fine.
    pub async fn connect(url: &str, owner: &str) -> Result<Self, StoreError> {
        let store = Self::connect_unchecked(url, owner).await?;
        let missing = store.missing_migrations().await?;
        if let Some(first) = missing.first() {
            return Err(StoreError::Unusable(format!(
                "the outbox schema lacks {} migration(s) of this release, from {first}: \
                 run `outbox-bridge migrate` (as a role that may change the schema) first",
                missing.len()
            )));
        }
        Ok(store)
    }
    // ANCHOR_END: connect

    /// Connects to `url` and checks nothing.
    pub async fn connect_unchecked(url: &str, owner: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(from_postgres)?;
        Ok(Self::with_pool(pool, owner))
    }

    /// Applies this release's migrations that the database lacks.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrator()
            .run(&self.pool)
            .await
            .map_err(|e| from_postgres(e.into()))
    }

    /// This release's migrations the database has not applied, as
    /// `version (description)`.
    pub async fn missing_migrations(&self) -> Result<Vec<String>, StoreError> {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
            .fetch_one(&self.pool)
            .await
            .map_err(from_postgres)?;
        let applied: Vec<i64> = if exists {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
                .map_err(from_postgres)?
        } else {
            Vec::new()
        };
        Ok(migrator()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .map(|m| format!("{} ({})", m.version, m.description))
            .collect())
    }

    fn with_pool(pool: PgPool, owner: &str) -> Self {
        Self {
            pool,
            owner: owner.to_owned(),
            dead_letters_block: true,
        }
    }

    /// Whether a dead letter holds back the later messages of its aggregate
    /// until it is re-driven (the default), or lets them flow past it.
    pub fn dead_letters_block(mut self, block: bool) -> Self {
        self.dead_letters_block = block;
        self
    }

    /// The pool, for applications that write business rows and outbox rows
    /// in one transaction: `let mut tx = store.pool().begin().await?;`.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn enqueue_one(&self, message: &NewMessage) -> Result<MessageId, StoreError> {
        let mut tx = self.pool.begin().await.map_err(from_postgres)?;
        let id = enqueue(&mut tx, message).await?;
        tx.commit().await.map_err(from_postgres)?;
        Ok(id)
    }

    /// The backlog gauges, from the partial indexes of unsent and dead rows.
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        sqlx::query_as(BACKLOG)
            .fetch_one(&self.pool)
            .await
            .map(Backlog::from_row)
            .map_err(from_postgres)
    }

    pub async fn status(&self) -> Result<Status, StoreError> {
        sqlx::query_as(
                "SELECT
                     (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),
                     (SELECT COUNT(*) FROM outbox_lease l JOIN outbox o ON o.aggregate_id = l.aggregate_id
                      WHERE o.state = 'pending' AND l.owner IS NOT NULL AND l.held_until > $1
                        AND o.id > l.recorded_through AND o.id <= l.claimed_through),
                     (SELECT COUNT(*) FROM outbox WHERE state = 'sent'),
                     (SELECT COUNT(*) FROM outbox WHERE state = 'dead'),
                     (SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1)",
            )
            .bind(UnixMillis::now().0)
            .fetch_one(&self.pool)
            .await
            .map(Status::from_row)
            .map_err(from_postgres)
    }

    pub async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, aggregate_id, event_type, attempts, COALESCE(last_error, '') AS reason, created_at
             FROM outbox WHERE state = 'dead' ORDER BY id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(from_postgres)?;
        rows.iter()
            .map(|row| {
                Ok(DeadLetter {
                    id: MessageId(row.try_get("id")?),
                    aggregate_id: row.try_get("aggregate_id")?,
                    event_type: row.try_get("event_type")?,
                    attempts: u32::try_from(row.try_get::<i32, _>("attempts")?).unwrap_or(u32::MAX),
                    reason: row.try_get("reason")?,
                    created_at: UnixMillis(row.try_get("created_at")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(from_postgres)
    }

    /// Moves dead letters back to pending with a fresh attempt budget, and
    /// lifts the hold of every aggregate left with no dead letter, in one
    /// transaction (serialized with claims and records).
    pub async fn redrive(&self, which: &Redrive) -> Result<u64, StoreError> {
        let now = UnixMillis::now().0;
        let mut tx = self.serialized().await?;
        let result = match which {
            Redrive::All => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = $1, last_error = NULL
                     WHERE state = 'dead'",
            )
            .bind(now)
            .execute(&mut *tx)
            .await,
            Redrive::Ids(ids) => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = $1, last_error = NULL
                     WHERE state = 'dead' AND id = ANY($2)",
            )
            .bind(now)
            .bind(raw_ids(ids))
            .execute(&mut *tx)
            .await,
        };
        let redriven = result.map_err(from_postgres)?.rows_affected();
        sqlx::query(
            "DELETE FROM outbox_lease l WHERE l.owner IS NULL AND l.held_until = $1
               AND NOT EXISTS (SELECT 1 FROM outbox o
                               WHERE o.state = 'dead' AND o.aggregate_id = l.aggregate_id)",
        )
        .bind(HELD_FOR_OPERATOR)
        .execute(&mut *tx)
        .await
        .map_err(from_postgres)?;
        tx.commit().await.map_err(from_postgres)?;
        Ok(redriven)
    }

    /// Lifts the holds of the aggregates of these dead letters; see [`crate::Store::skip`].
    pub async fn skip(&self, ids: &[MessageId]) -> Result<u64, StoreError> {
        let result = sqlx::query(
            "DELETE FROM outbox_lease WHERE owner IS NULL AND held_until = $1 AND aggregate_id IN
                 (SELECT aggregate_id FROM outbox WHERE state = 'dead' AND id = ANY($2))",
        )
        .bind(HELD_FOR_OPERATOR)
        .bind(raw_ids(ids))
        .execute(&self.pool)
        .await
        .map_err(from_postgres)?;
        Ok(result.rows_affected())
    }

    pub async fn purge_sent(&self, retention: Duration) -> Result<u64, StoreError> {
        let cutoff = UnixMillis::now().0.saturating_sub(millis(retention));
        let mut purged = 0;
        loop {
            // One batch per statement, each its own transaction: short
            // locks, and a vacuum can keep up between them.
            let deleted = sqlx::query(
                "DELETE FROM outbox WHERE id IN
                     (SELECT id FROM outbox WHERE state = 'sent' AND sent_at < $1 LIMIT $2)",
            )
            .bind(cutoff)
            .bind(PURGE_BATCH)
            .execute(&self.pool)
            .await
            .map_err(from_postgres)?
            .rows_affected();
            purged += deleted;
            if deleted < PURGE_BATCH as u64 {
                break;
            }
        }
        // A lease that ended is the same as none: drop the row.
        sqlx::query("DELETE FROM outbox_lease WHERE held_until < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(from_postgres)?;
        Ok(purged)
    }
}

/// Ids as a PostgreSQL array, so one static statement (`= ANY($n)`)
/// handles a list of any length.
fn raw_ids<'a>(ids: impl IntoIterator<Item = &'a MessageId>) -> Vec<i64> {
    ids.into_iter().map(|id| id.0).collect()
}

impl PgStore {
    // ANCHOR: serialized
    /// A transaction holding the lock that serializes claims and records.
    async fn serialized(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(from_postgres)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CLAIM_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        Ok(tx)
    }
    // ANCHOR_END: serialized
}

impl OutboxStore for PgStore {
    // ANCHOR: claim
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = UnixMillis::now();
        let mut tx = self.serialized().await?;
        // `attempts` is an INTEGER here: widened in SQL to the row's i64.
        let rows: Vec<ClaimedRow> = sqlx::query_as(
            "SELECT o.id, o.event_id, o.aggregate_id, o.event_type, p.payload, o.attempts::bigint, o.created_at,
                    p.content_type, p.headers::text
             FROM outbox o
             LEFT JOIN outbox_lease l ON l.aggregate_id = o.aggregate_id
             LEFT JOIN outbox_payload p ON p.id = o.id
             WHERE o.state = 'pending'
               AND (l.aggregate_id IS NULL OR l.held_until <= $2
                    OR (l.owner = $1 AND (o.id > l.claimed_through OR o.id <= l.recorded_through)))
             ORDER BY o.id LIMIT $3",
        )
        .bind(&self.owner)
        .bind(now.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(from_postgres)?;
        if !rows.is_empty() {
            // One lease per aggregate, extended to the newest message claimed:
            // two arrays side by side, unnested into one upsert per aggregate.
            let (aggregates, newest): (Vec<&str>, Vec<i64>) =
                newest_per_aggregate(claimed_pairs(&rows))
                    .into_iter()
                    .unzip();
            sqlx::query(
                "INSERT INTO outbox_lease AS l (aggregate_id, owner, held_until, claimed_through, recorded_through)
                 SELECT aggregate_id, $1, $2, newest, 0
                 FROM UNNEST($3::text[], $5::bigint[]) AS claimed (aggregate_id, newest)
                 ON CONFLICT (aggregate_id) DO UPDATE SET
                     claimed_through = CASE WHEN l.owner = $1 AND l.held_until > $4
                         THEN GREATEST(l.claimed_through, excluded.claimed_through)
                         ELSE excluded.claimed_through END,
                     recorded_through = CASE WHEN l.owner = $1 AND l.held_until > $4
                         THEN l.recorded_through ELSE 0 END,
                     owner = $1,
                     held_until = $2",
            )
            .bind(&self.owner)
            .bind(now.after(lease).0)
            .bind(&aggregates)
            .bind(now.0)
            .bind(&newest)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        tx.commit().await.map_err(from_postgres)?;
        publishable(
            self,
            rows.into_iter().map(message_from_row).collect(),
            self.dead_letters_block,
        )
        .await
    }
    // ANCHOR_END: claim

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let now = UnixMillis::now().0;
        let mut tx = self.serialized().await?;
        // Whether a dead letter counted as done moved a lease's mark.
        let mut skipped_dead_letters = false;
        for (id, next) in &updates.failed {
            let (state, attempts, due_at, error) = failure_columns(next, UnixMillis(now))?;
            // Only while we still hold the aggregate: otherwise another relay owns it now.
            let written = sqlx::query(
                "UPDATE outbox SET state = $1, attempts = $2, due_at = $3, last_error = $4
                 WHERE id = $5 AND state = 'pending' AND aggregate_id IN
                     (SELECT aggregate_id FROM outbox_lease WHERE owner = $6)",
            )
            .bind(state)
            .bind(i32::try_from(attempts).unwrap_or(i32::MAX))
            .bind(due_at)
            .bind(error)
            .bind(id.0)
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
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
                     SET owner = NULL, held_until = $1, claimed_through = 0, recorded_through = 0
                     WHERE owner = $2 AND aggregate_id = (SELECT aggregate_id FROM outbox WHERE id = $3)",
                )
                .bind(until)
                .bind(&self.owner)
                .bind(id.0),
                None => {
                    skipped_dead_letters = true;
                    sqlx::query(
                        "UPDATE outbox_lease SET recorded_through = GREATEST(recorded_through, $2)
                         WHERE owner = $1 AND aggregate_id = (SELECT aggregate_id FROM outbox WHERE id = $2)",
                    )
                    .bind(&self.owner)
                    .bind(id.0)
                }
            }
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        if !updates.sent.is_empty() {
            let sent = raw_ids(updates.sent.iter().map(|(id, _)| id));
            // Published is published: mark it even if our lease ran out meanwhile.
            sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = $1, last_error = NULL
                 WHERE id = ANY($2) AND state = 'pending'",
            )
            .bind(now)
            .bind(&sent)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
            // Each lease's recorded mark moves to the newest message sent.
            let (aggregates, newest): (Vec<&str>, Vec<i64>) =
                newest_per_aggregate(sent_pairs(updates))
                    .into_iter()
                    .unzip();
            sqlx::query(
                "UPDATE outbox_lease AS l SET recorded_through = done.last
                 FROM UNNEST($2::text[], $3::bigint[]) AS done (aggregate_id, last)
                 WHERE l.aggregate_id = done.aggregate_id AND l.owner = $1
                   AND done.last > l.recorded_through",
            )
            .bind(&self.owner)
            .bind(&aggregates)
            .bind(&newest)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        if !updates.sent.is_empty() || skipped_dead_letters {
            // End the leases with nothing left in flight. The table holds
            // only live leases and backoffs: a short scan.
            sqlx::query(
                "DELETE FROM outbox_lease WHERE owner = $1 AND claimed_through <= recorded_through",
            )
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        if !updates.released.is_empty() {
            sqlx::query(
                "DELETE FROM outbox_lease WHERE owner = $1 AND aggregate_id IN
                     (SELECT aggregate_id FROM outbox WHERE id = ANY($2))",
            )
            .bind(&self.owner)
            .bind(raw_ids(&updates.released))
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        tx.commit().await.map_err(from_postgres)
    }
}
