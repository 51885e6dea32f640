//! The PostgreSQL outbox: for several relay instances sharing one outbox.
//!
//! Claims run in a short transaction that first takes a transaction-scoped
//! advisory lock, so claims are serialized across relays while publishing
//! (the slow part) stays parallel. Row locks alone (`FOR UPDATE SKIP
//! LOCKED`) keep two relays from taking the same row, but not from taking two
//! rows of one aggregate at once: a claim that starts before another commits
//! sees the first row still pending and could take the second. With the
//! advisory lock each claim sees every earlier claim committed.

use crate::error::from_postgres;
use crate::{
    DeadLetter, Redrive, Status, count, failure_columns, message_from_parts, millis, publishable,
};
use outbox_core::{
    MessageId, NewMessage, OutboxMessage, OutboxStore, StoreError, UnixMillis, Updates,
};
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool, Row};
use std::time::Duration;

// ANCHOR: claim_lock
/// The advisory lock key that serializes claims ("outbox" in ASCII).
const CLAIM_LOCK: i64 = 0x6f75_7462_6f78;
// ANCHOR_END: claim_lock

/// The schema, compiled into the binary so a deployed bridge needs no files.
fn migrator() -> Migrator {
    crate::migrator([
        (
            "outbox",
            include_str!("../migrations/postgres/0001_outbox.sql"),
        ),
        (
            "lease keeps state",
            include_str!("../migrations/postgres/0002_lease_keeps_state.sql"),
        ),
    ])
}

/// The outbox in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    owner: String,
}

/// Writes `message` into the outbox on the caller's connection, which should
/// be inside the caller's transaction: the event then commits, or rolls back,
/// together with the business change that caused it.
// ANCHOR: enqueue
pub async fn enqueue(
    conn: &mut PgConnection,
    message: &NewMessage,
) -> Result<MessageId, StoreError> {
    let now = UnixMillis::now().0;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (aggregate_id, event_type, payload, created_at, due_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(message.aggregate_id.as_str())
    .bind(&message.event_type)
    .bind(&message.payload)
    .bind(now)
    .fetch_one(conn)
    .await
    .map_err(from_postgres)?;
    Ok(MessageId(id))
}
// ANCHOR_END: enqueue

impl PgStore {
    /// Connects to `url` and migrates the schema.
    pub async fn open(url: &str, owner: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(from_postgres)?;
        migrator()
            .run(&pool)
            .await
            .map_err(|e| from_postgres(e.into()))?;
        Ok(Self {
            pool,
            owner: owner.to_owned(),
        })
    }

    /// The pool, for applications that write business rows and outbox rows
    /// in one transaction: `let mut tx = store.pool().begin().await?;`.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn enqueue_one(&self, message: &NewMessage) -> Result<MessageId, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(from_postgres)?;
        enqueue(&mut conn, message).await
    }

    pub async fn status(&self) -> Result<Status, StoreError> {
        let row = sqlx::query(
            "SELECT
                 COUNT(*) FILTER (WHERE state = 'pending' AND (lease_owner IS NULL OR due_at <= $1)) AS pending,
                 COUNT(*) FILTER (WHERE state = 'pending' AND lease_owner IS NOT NULL AND due_at > $1) AS in_flight,
                 COUNT(*) FILTER (WHERE state = 'sent') AS sent,
                 COUNT(*) FILTER (WHERE state = 'dead') AS dead,
                 (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest
             FROM outbox",
        )
        .bind(UnixMillis::now().0)
        .fetch_one(&self.pool)
        .await
        .map_err(from_postgres)?;
        let get = |name: &str| row.try_get::<i64, _>(name).map_err(from_postgres);
        Ok(Status {
            pending: count(get("pending")?),
            in_flight: count(get("in_flight")?),
            sent: count(get("sent")?),
            dead: count(get("dead")?),
            oldest_unsent: row
                .try_get::<Option<i64>, _>("oldest")
                .map_err(from_postgres)?
                .map(UnixMillis),
        })
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

    pub async fn redrive(&self, which: &Redrive) -> Result<u64, StoreError> {
        let now = UnixMillis::now().0;
        let result = match which {
            Redrive::All => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = $1, last_error = NULL
                     WHERE state = 'dead'",
            )
            .bind(now)
            .execute(&self.pool)
            .await,
            Redrive::Ids(ids) => sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, due_at = $1, last_error = NULL
                     WHERE state = 'dead' AND id = ANY($2)",
            )
            .bind(now)
            .bind(raw_ids(ids))
            .execute(&self.pool)
            .await,
        };
        Ok(result.map_err(from_postgres)?.rows_affected())
    }

    pub async fn purge_sent(&self, retention: Duration) -> Result<u64, StoreError> {
        let cutoff = UnixMillis::now().0.saturating_sub(millis(retention));
        let result = sqlx::query("DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(from_postgres)?;
        Ok(result.rows_affected())
    }
}

/// Ids as a PostgreSQL array, so one static statement (`= ANY($n)`)
/// handles a list of any length.
fn raw_ids(ids: &[MessageId]) -> Vec<i64> {
    ids.iter().map(|id| id.0).collect()
}

impl OutboxStore for PgStore {
    // ANCHOR: claim
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = UnixMillis::now();
        let mut tx = self.pool.begin().await.map_err(from_postgres)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CLAIM_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        let rows = sqlx::query(
            "WITH claimable AS (
                 SELECT o.id FROM outbox o
                 WHERE o.state = 'pending' AND o.due_at <= $3
                   AND (SELECT h.due_at <= $3 OR h.lease_owner IS NOT DISTINCT FROM $2 FROM outbox h
                        WHERE h.aggregate_id = o.aggregate_id AND h.state = 'pending'
                        ORDER BY h.id LIMIT 1)
                 ORDER BY o.id LIMIT $4
                 FOR UPDATE SKIP LOCKED)
             UPDATE outbox SET due_at = $1, lease_owner = $2
             FROM claimable WHERE outbox.id = claimable.id
             RETURNING outbox.id, outbox.aggregate_id, outbox.event_type, outbox.payload,
                       outbox.attempts, outbox.created_at",
        )
        .bind(now.after(lease).0)
        .bind(&self.owner)
        .bind(now.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(from_postgres)?;
        tx.commit().await.map_err(from_postgres)?;
        let parsed = rows
            .into_iter()
            .map(|row| {
                Ok(message_from_parts(
                    row.try_get("id").map_err(from_postgres)?,
                    row.try_get("aggregate_id").map_err(from_postgres)?,
                    row.try_get("event_type").map_err(from_postgres)?,
                    row.try_get("payload").map_err(from_postgres)?,
                    i64::from(row.try_get::<i32, _>("attempts").map_err(from_postgres)?),
                    row.try_get("created_at").map_err(from_postgres)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        publishable(self, parsed).await
    }
    // ANCHOR_END: claim

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        if updates.is_empty() {
            return Ok(());
        }
        let now = UnixMillis::now().0;
        let mut tx = self.pool.begin().await.map_err(from_postgres)?;
        if !updates.sent.is_empty() {
            // Published is published: mark it even if our lease ran out meanwhile.
            sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = $1, lease_owner = NULL, last_error = NULL
                 WHERE id = ANY($2) AND state = 'pending'",
            )
            .bind(now)
            .bind(raw_ids(&updates.sent))
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        for (id, next) in &updates.failed {
            let (state, attempts, due_at, error) = failure_columns(next, UnixMillis(now))?;
            // Only while we still hold the lease: otherwise another relay owns it now.
            sqlx::query(
                "UPDATE outbox SET state = $1, attempts = $2, due_at = $3, last_error = $4, lease_owner = NULL
                 WHERE id = $5 AND state = 'pending' AND lease_owner = $6",
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
        }
        if !updates.released.is_empty() {
            sqlx::query(
                "UPDATE outbox SET state = 'pending', due_at = $1, lease_owner = NULL
                 WHERE id = ANY($2) AND state = 'pending' AND lease_owner = $3",
            )
            .bind(now)
            .bind(raw_ids(&updates.released))
            .bind(&self.owner)
            .execute(&mut *tx)
            .await
            .map_err(from_postgres)?;
        }
        tx.commit().await.map_err(from_postgres)
    }
}
