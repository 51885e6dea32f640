//! The outbox bridge's stores.
//!
//! The outbox is a table in the application's own database: the application
//! writes an event row in the same transaction as its business change
//! ([`sqlite::enqueue`], [`postgres::enqueue`]), so the event exists if and
//! only if the change committed. The relay then claims rows, publishes them
//! and records the outcome through [`outbox_core::OutboxStore`].
//!
//! SQLite is the default (a file, nothing to install); PostgreSQL is the
//! backend for several relay instances sharing one outbox.

// No `unsafe` in the bridge (lesson 15.4): its fast paths are iterators,
// and the unsafe code it runs is in its dependencies.
#![forbid(unsafe_code)]

pub mod error;
pub mod postgres;
pub mod sqlite;

use outbox_core::{
    AggregateId, EventId, Headers, InvalidMessage, MessageId, MessageState, NewMessage,
    OutboxMessage, OutboxStore, StoreError, UnixMillis, Updates,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

pub use postgres::PgStore;
pub use sqlite::{Durability, SqliteStore};

/// How many rows of each state the outbox holds, and how far behind it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub pending: u64,
    pub in_flight: u64,
    pub sent: u64,
    pub dead: u64,
    /// When the oldest unsent message was written: `now - this` is the lag.
    pub oldest_unsent: Option<UnixMillis>,
}

impl Status {
    /// From the status query's row, the same on both databases: unsent,
    /// in flight, sent, dead, and the oldest unsent message's `created_at`.
    fn from_row(
        (unsent, in_flight, sent, dead, oldest): (i64, i64, i64, i64, Option<i64>),
    ) -> Self {
        let in_flight = count(in_flight);
        Status {
            pending: count(unsent).saturating_sub(in_flight),
            in_flight,
            sent: count(sent),
            dead: count(dead),
            oldest_unsent: oldest.map(UnixMillis),
        }
    }
}

// ANCHOR: backlog
/// What the relay's watcher polls every second: read from the unsent and
/// dead rows only, through their partial indexes, so it costs the same
/// however many sent rows the outbox retains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Messages not yet sent: pending, in flight, or held.
    pub unsent: u64,
    pub dead: u64,
    /// When the oldest unsent message was written: `now - this` is the lag.
    pub oldest_unsent: Option<UnixMillis>,
}

/// The backlog gauges' query, the same SQL on both databases: three
/// lookups in partial indexes (counts of pending and of dead rows, and the
/// first pending entry for the lag).
const BACKLOG: &str = "SELECT
     (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),
     (SELECT COUNT(*) FROM outbox WHERE state = 'dead'),
     (SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1)";

impl Backlog {
    /// From the [`BACKLOG`] query's row.
    fn from_row((unsent, dead, oldest): (i64, i64, Option<i64>)) -> Self {
        Backlog {
            unsent: count(unsent),
            dead: count(dead),
            oldest_unsent: oldest.map(UnixMillis),
        }
    }
}
// ANCHOR_END: backlog

/// Sent rows `purge` deletes per statement (and transaction), so a purge of
/// millions of rows never holds the write lock for long.
pub const PURGE_BATCH: i64 = 5_000;

/// A message the relay gave up on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: MessageId,
    pub aggregate_id: String,
    pub event_type: String,
    pub attempts: u32,
    pub reason: String,
    pub created_at: UnixMillis,
}

/// Which messages to re-drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redrive {
    All,
    Ids(Vec<MessageId>),
}

/// A store chosen at run time from a database URL.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Store {
    /// Opens `url` (`sqlite:outbox.db`, `sqlite::memory:`, `postgres://…`)
    /// and applies the migrations. `owner` names this relay in leases.
    pub async fn open(url: &str, owner: &str) -> Result<Store, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Store::Sqlite(SqliteStore::open(url, owner).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(PgStore::open(url, owner).await?))
        } else {
            Err(StoreError::Unusable(format!(
                "unsupported database URL `{}`: use sqlite:PATH or postgres://…",
                error::redact(url)
            )))
        }
    }

    /// Opens `url` for a relay without changing the schema. PostgreSQL,
    /// shared with applications that keep writing while a release rolls
    /// out, must be migrated beforehand (`migrate`, or the `outbox-bridge
    /// migrate` command); an unmigrated schema is a clear error. SQLite, a
    /// file the bridge owns, is migrated on open, as [`Store::open`] does.
    pub async fn connect(url: &str, owner: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(PgStore::connect(url, owner).await?))
        } else {
            Store::open(url, owner).await
        }
    }

    /// Applies this release's migrations that the database lacks, and
    /// returns the ones it applied (empty when it was up to date).
    pub async fn migrate(url: &str) -> Result<Vec<String>, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let store = PgStore::connect_unchecked(url, "migrate").await?;
            let missing = store.missing_migrations().await?;
            store.migrate().await?;
            Ok(missing)
        } else {
            Store::open(url, "migrate").await?;
            Ok(Vec::new())
        }
    }

    /// Whether a dead letter holds back the later messages of its aggregate
    /// until it is re-driven (the default), or lets them flow past it.
    pub fn dead_letters_block(self, block: bool) -> Store {
        match self {
            Store::Sqlite(s) => Store::Sqlite(s.dead_letters_block(block)),
            Store::Postgres(s) => Store::Postgres(s.dead_letters_block(block)),
        }
    }

    /// Writes a message in its own transaction (the demo producer and the
    /// CLI's `enqueue`; applications use the backend's `enqueue` inside
    /// their own transaction).
    pub async fn enqueue_one(
        &self,
        message: &outbox_core::NewMessage,
    ) -> Result<MessageId, StoreError> {
        match self {
            Store::Sqlite(s) => s.enqueue_one(message).await,
            Store::Postgres(s) => s.enqueue_one(message).await,
        }
    }

    /// The backlog gauges, bounded by the unsent and dead rows.
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        match self {
            Store::Sqlite(s) => s.backlog().await,
            Store::Postgres(s) => s.backlog().await,
        }
    }

    /// Counts per state. Counting `sent` reads every retained sent row's
    /// index entry, so this is for an operator's `status`, not for polling:
    /// poll [`Store::backlog`].
    pub async fn status(&self) -> Result<Status, StoreError> {
        match self {
            Store::Sqlite(s) => s.status().await,
            Store::Postgres(s) => s.status().await,
        }
    }

    pub async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        match self {
            Store::Sqlite(s) => s.dead_letters(limit).await,
            Store::Postgres(s) => s.dead_letters(limit).await,
        }
    }

    /// Moves dead letters back to pending with a fresh attempt budget; returns how many.
    pub async fn redrive(&self, which: &Redrive) -> Result<u64, StoreError> {
        match self {
            Store::Sqlite(s) => s.redrive(which).await,
            Store::Postgres(s) => s.redrive(which).await,
        }
    }

    /// Lets the later messages of the dead letters' aggregates go past them:
    /// lifts the holds, keeps the dead letters (listed, re-drivable).
    /// Returns how many aggregates were released.
    pub async fn skip(&self, ids: &[MessageId]) -> Result<u64, StoreError> {
        match self {
            Store::Sqlite(s) => s.skip(ids).await,
            Store::Postgres(s) => s.skip(ids).await,
        }
    }

    /// Deletes sent messages older than `retention`, [`PURGE_BATCH`] rows
    /// per transaction; returns how many.
    pub async fn purge_sent(&self, retention: Duration) -> Result<u64, StoreError> {
        match self {
            Store::Sqlite(s) => s.purge_sent(retention).await,
            Store::Postgres(s) => s.purge_sent(retention).await,
        }
    }
}

impl OutboxStore for Store {
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        match self {
            Store::Sqlite(s) => s.claim(limit, lease).await,
            Store::Postgres(s) => s.claim(limit, lease).await,
        }
    }

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.record(updates).await,
            Store::Postgres(s) => s.record(updates).await,
        }
    }
}

// ANCHOR: message_from_row
/// A claimed row, in the order the claim's SELECT lists its columns: id,
/// event id, aggregate, event type, payload (`None` when its `outbox_payload`
/// row is missing), attempts, created_at, content type, headers (JSON). sqlx decodes a tuple by position, so a
/// batch of 3000 rows costs no by-name column lookups (it took eight per
/// row, each a hash of the name).
type ClaimedRow = (
    i64,
    Option<sqlx::types::Uuid>,
    String,
    String,
    Option<Vec<u8>>,
    i64,
    i64,
    Option<String>,
    Option<String>,
);

/// Builds a claimed message from its columns. A row the bridge could not
/// have written (an application inserted it with raw SQL, say, and left the
/// aggregate id empty, or wrote no payload row) is a poison message: the
/// error says why, and the claim dead-letters it instead of stopping the
/// relay.
fn message_from_row(
    (id, event_id, aggregate_id, event_type, payload, attempts, created_at, content_type, headers): ClaimedRow,
) -> Result<OutboxMessage, Poison> {
    let poison = |aggregate: &str, reason: String| Poison {
        id: MessageId(id),
        aggregate: aggregate.to_owned(),
        reason: format!("invalid outbox row: {reason}"),
    };
    // The schema gives every row an event id (a default, or a trigger), so
    // only a hand-edited database gets here.
    let Some(event_id) = event_id else {
        return Err(poison(&aggregate_id, "it has no event_id".into()));
    };
    if event_type.trim().is_empty() {
        return Err(poison(&aggregate_id, "the event type is empty".into()));
    }
    let Some(payload) = payload else {
        return Err(poison(
            &aggregate_id,
            "it has no payload in outbox_payload".into(),
        ));
    };
    let aggregate = AggregateId::new(aggregate_id.as_str())
        .map_err(|e| poison(&aggregate_id, e.to_string()))?;
    // Raw SQL may have written any JSON: check it as `enqueue` would have.
    let headers = match headers {
        None => Headers::new(),
        Some(json) => headers_from_json(&json).map_err(|e| poison(&aggregate_id, e))?,
    };
    Ok(OutboxMessage {
        id: MessageId(id),
        event_id: EventId(event_id),
        aggregate_id: aggregate,
        event_type,
        payload,
        content_type,
        headers,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        created_at: UnixMillis(created_at),
    })
}

/// A claimed row the relay cannot publish, and why.
#[derive(Debug, PartialEq, Eq)]
struct Poison {
    id: MessageId,
    /// The aggregate column as stored (it may be the reason, e.g. empty).
    aggregate: String,
    reason: String,
}
// ANCHOR_END: message_from_row

/// The headers column: a JSON object of strings, each header valid.
fn headers_from_json(json: &str) -> Result<Headers, String> {
    let pairs: BTreeMap<String, String> = serde_json::from_str(json)
        .map_err(|e| format!("its headers are not a JSON object of strings: {e}"))?;
    let mut headers = Headers::new();
    for (name, value) in pairs {
        headers.insert(name, value).map_err(|e| e.to_string())?;
    }
    Ok(headers)
}

// ANCHOR: headers_json
/// What `enqueue` writes in the headers column: the message's headers and,
/// unless it names one itself, the W3C trace context of the span that
/// enqueues it, so the trace of the business transaction goes on through
/// the relay to the consumer. `None` when there is nothing to carry.
pub(crate) fn headers_json(message: &NewMessage) -> Result<Option<String>, StoreError> {
    let mut headers = message.headers.clone();
    let captured = match headers.get("traceparent") {
        Some(_) => None,
        None => current_trace_context(),
    };
    if let Some((traceparent, tracestate)) = captured {
        let unusable = |e: InvalidMessage| StoreError::Unusable(format!("trace context: {e}"));
        headers
            .insert("traceparent", traceparent)
            .map_err(unusable)?;
        if let Some(state) = tracestate {
            headers.insert("tracestate", state).map_err(unusable)?;
        }
    }
    if headers.is_empty() {
        return Ok(None);
    }
    let object: BTreeMap<&str, &str> = headers.iter().collect();
    serde_json::to_string(&object)
        .map(Some)
        .map_err(|e| StoreError::Unusable(format!("encoding the headers: {e}")))
}

/// The current span's OpenTelemetry context as `traceparent` (and
/// `tracestate`, when it has one); `None` when no OpenTelemetry layer
/// gives the span an id.
fn current_trace_context() -> Option<(String, Option<String>)> {
    use opentelemetry::trace::TraceContextExt;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let context = tracing::Span::current().context();
    let span = context.span();
    let span = span.span_context();
    if !span.is_valid() {
        return None;
    }
    let traceparent = format!(
        "00-{}-{}-{:02x}",
        span.trace_id(),
        span.span_id(),
        span.trace_flags().to_u8()
    );
    let state = span.trace_state().header();
    Some((traceparent, (!state.is_empty()).then_some(state)))
}
// ANCHOR_END: headers_json

/// Finishes a claim: writes each poison row straight to the dead-letter
/// state (through `store.record`) and returns the publishable messages in
/// id order, the order the relay relies on (`RETURNING` promises none).
/// When dead letters block their aggregate, the messages claimed behind a
/// poison row stay where they are: the dead letter's hold keeps them.
async fn publishable(
    store: &impl OutboxStore,
    mut rows: Vec<Result<OutboxMessage, Poison>>,
    dead_letters_block: bool,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let mut good = Vec::new();
    let mut poison = Vec::new();
    let mut poisoned: HashSet<String> = HashSet::new();
    // Id order, so a poison row is seen before what its aggregate wrote after it.
    rows.sort_by_key(|row| match row {
        Ok(message) => message.id,
        Err(poison) => poison.id,
    });
    for row in rows {
        match row {
            Ok(message)
                if dead_letters_block && poisoned.contains(message.aggregate_id.as_str()) =>
            {
                tracing::debug!(id = %message.id, "held behind a dead letter of its aggregate");
            }
            Ok(message) => good.push(message),
            Err(Poison {
                id,
                aggregate,
                reason,
            }) => {
                tracing::warn!(%id, %reason, "dead-lettering an outbox row the relay cannot publish");
                poisoned.insert(aggregate);
                poison.push((
                    id,
                    MessageState::DeadLettered {
                        attempts: 0,
                        reason,
                    },
                ));
            }
        }
    }
    if !poison.is_empty() {
        store
            .record(&Updates {
                failed: poison,
                ..Updates::default()
            })
            .await?;
    }
    Ok(good)
}

// ANCHOR: newest_per_aggregate
/// Each aggregate among `messages` (id, aggregate pairs) with the newest of
/// its ids: how far a lease reaches after a claim, or how far its messages
/// are recorded after a batch. The caller has the pairs in hand, so the
/// lease statement need not read the rows from the outbox again.
fn newest_per_aggregate<'a>(
    messages: impl IntoIterator<Item = (&'a str, i64)>,
) -> HashMap<&'a str, i64> {
    let mut newest = HashMap::new();
    for (aggregate, id) in messages {
        newest
            .entry(aggregate)
            .and_modify(|n: &mut i64| *n = (*n).max(id))
            .or_insert(id);
    }
    newest
}
// ANCHOR_END: newest_per_aggregate

/// The rows of a claim as [`newest_per_aggregate`] takes them.
fn claimed_pairs(rows: &[ClaimedRow]) -> impl Iterator<Item = (&str, i64)> {
    rows.iter()
        .map(|(id, _, aggregate, ..)| (aggregate.as_str(), *id))
}

/// The sent messages of `updates` as [`newest_per_aggregate`] takes them.
fn sent_pairs(updates: &Updates) -> impl Iterator<Item = (&str, i64)> {
    updates
        .sent
        .iter()
        .map(|(id, aggregate)| (aggregate.as_str(), id.0))
}

// ANCHOR: held_for_operator
/// `held_until` of an aggregate held for an operator: its dead letter
/// blocks it until re-driven (or skipped). The largest value the column
/// holds, so the hold never ends on its own.
pub const HELD_FOR_OPERATOR: i64 = i64::MAX;
// ANCHOR_END: held_for_operator

// ANCHOR: failure_columns
/// How a failed message is written back: its next state's name, its
/// attempts, when it is due again and, for a dead letter, why.
fn failure_columns(
    next: &MessageState,
    now: UnixMillis,
) -> Result<(&'static str, u32, i64, Option<&str>), StoreError> {
    match next {
        MessageState::Pending {
            attempts,
            available_at,
        } => Ok(("pending", *attempts, available_at.0, None)),
        MessageState::DeadLettered { attempts, reason } => {
            Ok(("dead", *attempts, now.0, Some(reason.as_str())))
        }
        other => Err(StoreError::Unusable(format!(
            "a failed message cannot become `{}`",
            other.name()
        ))),
    }
}
// ANCHOR_END: failure_columns

/// A migrator for embedded migrations, numbered from 1 in the order given.
/// Never edit a migration that has shipped: databases that applied it
/// refuse a changed checksum. Add the next one instead.
fn migrator<const N: usize>(migrations: [(&str, &'static str); N]) -> sqlx::migrate::Migrator {
    use sqlx::SqlSafeStr;
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    Migrator::with_migrations(
        (1..)
            .zip(migrations)
            .map(|(version, (description, sql))| {
                Migration::new(
                    version,
                    description.to_owned().into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    // sqlx's own marker for a migration that must run
                    // outside a transaction (it opens its own).
                    sql.starts_with("-- no-transaction"),
                )
            })
            .collect(),
    )
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Milliseconds as the databases store them.
fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
