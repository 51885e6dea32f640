//! Answers to the "Try it" exercises of lesson 14.2.
//!
//! Run with `cargo run -p m14-answers --example answers_14_2`.

use anyhow::Result;
use outbox_store::SqliteStore;

// ANCHOR: answer2
/// SQLite's plan for a query, one line per step (the `detail` column of
/// `EXPLAIN QUERY PLAN`), as the `sqlite3` shell prints it.
async fn plan(store: &SqliteStore, query: &str) -> Result<Vec<String>> {
    let explain = format!("EXPLAIN QUERY PLAN {query}");
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(explain))
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
}

const UNSENT: &str = "SELECT id FROM outbox WHERE state = 'pending' ORDER BY id";
const UNSENT_OR_DEAD: &str = "SELECT id FROM outbox WHERE state IN ('pending', 'dead') ORDER BY id";
// ANCHOR_END: answer2

#[tokio::main]
async fn main() -> Result<()> {
    let store = SqliteStore::open("sqlite::memory:", "relay").await?;
    println!("answer 2:");
    for query in [UNSENT, UNSENT_OR_DEAD] {
        println!("  {query}");
        for step in plan(&store, query).await? {
            println!("    {step}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_a_where_that_implies_the_indexs_uses_the_partial_index() {
        let store = SqliteStore::open("sqlite::memory:", "relay")
            .await
            .expect("open");
        let pending = plan(&store, UNSENT).await.expect("plan").join("\n");
        assert!(pending.contains("outbox_unsent"), "{pending}");
        let either = plan(&store, UNSENT_OR_DEAD).await.expect("plan").join("\n");
        assert!(!either.contains("outbox_unsent"), "{either}");
        assert!(either.contains("SCAN outbox"), "{either}");
    }
}
