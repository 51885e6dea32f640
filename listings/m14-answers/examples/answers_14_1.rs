//! Answers to the "Try it" exercises of lesson 14.1.
//!
//! Run with `cargo run -p m14-answers --example answers_14_1`.

use anyhow::Result;
use outbox_core::{AggregateId, NewMessage, OutboxMessage, OutboxStore, Updates};
use outbox_store::SqliteStore;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A fresh database file in the temporary directory, removed when dropped.
struct ScratchFile(PathBuf);

impl ScratchFile {
    fn new(name: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Self(std::env::temp_dir().join(format!("{name}-{}-{nanos}.db", std::process::id())))
    }

    fn url(&self) -> String {
        format!("sqlite:{}", self.0.display())
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

// ANCHOR: answer5
/// What a `SIGKILL` right after the broker's confirm leaves behind: relay A
/// claims, the broker confirms, and A dies before `record`. Relay B cannot
/// touch A's aggregates until the lease ends, then claims and publishes the
/// same messages again, under the same ids.
async fn killed_after_the_confirm(lease: Duration) -> Result<Vec<String>> {
    let file = ScratchFile::new("killed-after-confirm");
    let url = file.url();
    let relay_a = SqliteStore::open(&url, "relay-a").await?;
    let relay_b = SqliteStore::open(&url, "relay-b").await?;
    for (aggregate, event) in [
        ("order-1", "OrderPlaced"),
        ("order-1", "OrderPaid"),
        ("order-2", "OrderPlaced"),
    ] {
        relay_a
            .enqueue_one(&NewMessage::new(AggregateId::new(aggregate)?, event, "{}")?)
            .await?;
    }
    let mut broker: Vec<String> = Vec::new();
    let publish = |batch: &[OutboxMessage], broker: &mut Vec<String>| {
        broker.extend(batch.iter().map(|m| m.id.to_string()));
    };

    // Relay A claims and the broker confirms; then `kill -9`: no `record`.
    let batch = relay_a.claim(10, lease).await?;
    publish(&batch, &mut broker);
    drop(relay_a);

    // Relay B starts at once: both aggregates are still leased by A.
    assert!(relay_b.claim(10, lease).await?.is_empty());
    // Once the lease is over, B takes the same rows and publishes them again.
    tokio::time::sleep(lease + Duration::from_millis(50)).await;
    let again = relay_b.claim(10, lease).await?;
    publish(&again, &mut broker);
    relay_b.record(&Updates::all_sent(&again)).await?;
    assert_eq!(relay_b.status().await?.sent, 3);
    Ok(broker)
}
// ANCHOR_END: answer5

#[tokio::main]
async fn main() -> Result<()> {
    println!("answer 5: the broker received, in order:");
    for id in killed_after_the_confirm(Duration::from_secs(2)).await? {
        println!("  {id}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_killed_relays_messages_come_back_after_the_lease_as_duplicates() {
        let broker = killed_after_the_confirm(Duration::from_secs(2))
            .await
            .expect("runs");
        assert_eq!(
            broker,
            [
                "outbox-1", "outbox-2", "outbox-3", "outbox-1", "outbox-2", "outbox-3"
            ],
            "each message twice, with the same id both times"
        );
    }
}
