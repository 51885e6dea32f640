//! The demo producer: an "orders" service that writes each order and its
//! event in one transaction, which is the whole point of the outbox.

use anyhow::{Context, Result};
use outbox_core::{AggregateId, NewMessage};
use outbox_store::{Store, postgres, sqlite};
use serde_json::json;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Creates the demo `orders` table if it is missing.
pub(crate) async fn prepare(store: &Store) -> Result<()> {
    let sql = "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL, total_cents BIGINT NOT NULL)";
    match store {
        Store::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await.map(drop),
        Store::Postgres(s) => sqlx::query(sql).execute(s.pool()).await.map(drop),
    }
    .context("creating the demo orders table")
}

// ANCHOR: place_order
/// Places one order: the business row and its `OrderPlaced` event commit
/// together, or not at all.
pub(crate) async fn place_order(store: &Store, number: u64) -> Result<()> {
    let order_id = format!("order-{number}");
    let customer = format!("customer-{}", number % 50);
    let total_cents = i64::try_from(1_000 + (number * 37) % 9_000).unwrap_or(1_000);
    let event = NewMessage::new(
        AggregateId::new(&customer)?,
        "OrderPlaced",
        json!({ "order_id": order_id, "customer": customer, "total_cents": total_cents })
            .to_string(),
    )?;
    match store {
        Store::Sqlite(s) => {
            let mut tx = s.pool().begin().await?;
            sqlx::query("INSERT INTO orders (id, customer, total_cents) VALUES (?1, ?2, ?3)")
                .bind(&order_id)
                .bind(&customer)
                .bind(total_cents)
                .execute(&mut *tx)
                .await?;
            sqlite::enqueue(&mut tx, &event).await?;
            tx.commit().await?;
        }
        Store::Postgres(s) => {
            let mut tx = s.pool().begin().await?;
            sqlx::query("INSERT INTO orders (id, customer, total_cents) VALUES ($1, $2, $3)")
                .bind(&order_id)
                .bind(&customer)
                .bind(total_cents)
                .execute(&mut *tx)
                .await?;
            postgres::enqueue(&mut tx, &event).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}
// ANCHOR_END: place_order

/// Places `count` orders (forever if `None`) at about `rate` per second.
pub(crate) async fn produce(
    store: Store,
    first: u64,
    count: Option<u64>,
    rate: u32,
    shutdown: CancellationToken,
) -> Result<u64> {
    let mut tick = tokio::time::interval(Duration::from_secs(1) / rate.max(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut placed = 0u64;
    while count.is_none_or(|c| placed < c) {
        tokio::select! {
            () = shutdown.cancelled() => break,
            _ = tick.tick() => {}
        }
        place_order(&store, first + placed).await?;
        placed += 1;
    }
    Ok(placed)
}

/// The next order number: one past the highest in the table.
pub(crate) async fn next_order_number(store: &Store) -> Result<u64> {
    let sql = "SELECT COUNT(*) FROM orders";
    let n: i64 = match store {
        Store::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await?,
        Store::Postgres(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await?,
    };
    Ok(u64::try_from(n).unwrap_or(0) + 1)
}
