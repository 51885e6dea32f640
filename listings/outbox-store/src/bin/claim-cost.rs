//! What the database half of the relay costs: claim and record times per
//! 1000 messages on a pre-filled SQLite outbox, without any broker, in the
//! relay's order (record one batch, claim the one after the batch in flight).
//!
//! `cargo run --release -p outbox-store --bin claim-cost -- --rows 200000 --aggregates 1000 --batch 2000`
//!
//! The relay overlaps this work with publishing (lesson 14.5); when a broker
//! confirms faster than this, the database is the relay's limit. Vary
//! `--rows` and `--aggregates` to see what the cost depends on, and
//! `--retained 1000000` to add a million sent rows (a week of history) and
//! see what it does not: claims, records and the backlog gauges read the
//! unsent rows only.

use outbox_core::{AggregateId, NewMessage, OutboxStore, Updates};
use outbox_store::{SqliteStore, sqlite};
use std::error::Error;
use std::time::{Duration, Instant};

struct Options {
    rows: usize,
    aggregates: usize,
    batch: usize,
    /// Sent rows already in the outbox, as retention keeps them.
    retained: usize,
}

fn parse_args() -> Result<Options, Box<dyn Error>> {
    let mut options = Options {
        rows: 200_000,
        aggregates: 1_000,
        batch: 2_000,
        retained: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{arg} needs a value"))?
            .parse::<usize>()?;
        match arg.as_str() {
            "--rows" => options.rows = value,
            "--aggregates" => options.aggregates = value.max(1),
            "--batch" => options.batch = value.max(1),
            "--retained" => options.retained = value,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let options = parse_args()?;
    let file = std::env::temp_dir().join(format!("claim-cost-{}.db", std::process::id()));
    let url = format!("sqlite:{}", file.display());
    let store = SqliteStore::open(&url, "claim-cost").await?;
    // History first, so the retained rows have the lower ids, as they would.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO outbox (aggregate_id, event_type, created_at, due_at, state, sent_at)
         SELECT 'customer-' || (i % ?2), 'OrderPlaced', 0, 0, 'sent', 0 FROM n WHERE ?1 > 0;
         INSERT INTO outbox_payload (id, payload) SELECT id, zeroblob(256) FROM outbox;",
    )
    .bind(i64::try_from(options.retained)?)
    .bind(i64::try_from(options.aggregates)?)
    .execute(store.pool())
    .await?;
    let payload = vec![b'x'; 256];
    for chunk in (0..options.rows).collect::<Vec<_>>().chunks(1_000) {
        let mut tx = store.pool().begin().await?;
        for n in chunk {
            let aggregate = AggregateId::new(format!("customer-{}", n % options.aggregates))?;
            sqlite::enqueue(
                &mut tx,
                &NewMessage::new(aggregate, "OrderPlaced", payload.clone())?,
            )
            .await?;
        }
        tx.commit().await?;
    }
    // The watcher's once-a-second query, with the whole backlog waiting.
    let started = Instant::now();
    for _ in 0..20 {
        store.backlog().await?;
    }
    let gauges = started.elapsed() / 20;
    let lease = Duration::from_secs(60);
    let (mut claiming, mut recording, mut messages) = (Duration::ZERO, Duration::ZERO, 0usize);
    // As the relay does: record batch n - 1, then claim batch n + 1, while
    // batch n is (in the relay) with the broker.
    let mut in_flight = store.claim(options.batch, lease).await?;
    let mut unrecorded = Updates::default();
    loop {
        let started = Instant::now();
        store.record(&unrecorded).await?;
        recording += started.elapsed();
        let started = Instant::now();
        let next = store.claim(options.batch, lease).await?;
        claiming += started.elapsed();
        if in_flight.is_empty() && next.is_empty() {
            break;
        }
        messages += in_flight.len();
        unrecorded = Updates::all_sent(&in_flight);
        in_flight = next;
    }
    store.pool().close().await;
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let per_thousand = |d: Duration| d.as_secs_f64() * 1e3 * 1_000.0 / messages.max(1) as f64;
    println!(
        "{} rows, {} aggregates, batches of {}, {} sent rows retained: claim {:.1} ms + record {:.1} ms per 1000 messages; backlog gauges {:.2} ms",
        options.rows,
        options.aggregates,
        options.batch,
        options.retained,
        per_thousand(claiming),
        per_thousand(recording),
        gauges.as_secs_f64() * 1e3,
    );
    Ok(())
}
