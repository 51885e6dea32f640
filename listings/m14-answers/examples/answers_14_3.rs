//! Answers to the "Try it" exercises of lesson 14.3.
//!
//! Run with `cargo run -p m14-answers --example answers_14_3`.

use anyhow::Result;
use outbox_core::{AggregateId, NewMessage};
use outbox_relay::publishers::StdoutPublisher;
use outbox_relay::{Relay, RelayConfig};
use outbox_store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A writer whose bytes the test can read while the publisher owns it.
#[derive(Debug, Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// ANCHOR: answer5
/// The demo's 100 orders (`customer-{n % 50}`), relayed by the real relay to
/// the stdout sink; returns `(id, aggregate_id)` of each JSON line, in the
/// order the lines were written.
async fn relay_the_demo(orders: u64) -> Result<Vec<(i64, String)>> {
    let store = Arc::new(Store::open("sqlite::memory:", "relay").await?);
    for n in 0..orders {
        let customer = AggregateId::new(format!("customer-{}", n % 50))?;
        let order = format!("{{\"order_id\":\"order-{n}\"}}");
        store
            .enqueue_one(&NewMessage::new(customer, "OrderPlaced", order)?)
            .await?;
    }
    let out = Shared::default();
    let publisher = Arc::new(StdoutPublisher::to_writer(out.clone()));
    let relay = Relay::new(Arc::clone(&store), publisher, RelayConfig::default());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { relay.run(shutdown).await }
    });
    while store.status().await?.pending + store.status().await?.in_flight > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    shutdown.cancel();
    running.await??;

    let text = String::from_utf8(
        out.0
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .clone(),
    )?;
    text.lines()
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line)?;
            let id = json["id"].as_str().unwrap_or_default();
            let id = id.trim_start_matches("outbox-").parse()?;
            Ok((
                id,
                json["aggregate_id"].as_str().unwrap_or_default().to_owned(),
            ))
        })
        .collect()
}

/// True when every aggregate's ids only ever grow, line by line.
fn in_order_per_aggregate(lines: &[(i64, String)]) -> bool {
    let mut last: HashMap<&str, i64> = HashMap::new();
    lines.iter().all(|(id, aggregate)| {
        last.insert(aggregate, *id)
            .is_none_or(|previous| previous < *id)
    })
}
// ANCHOR_END: answer5

#[tokio::main]
async fn main() -> Result<()> {
    let lines = relay_the_demo(100).await?;
    let first: Vec<i64> = lines.iter().take(8).map(|(id, _)| *id).collect();
    println!(
        "answer 5: {} lines; the first ids written: {first:?}",
        lines.len()
    );
    let customer_7: Vec<i64> = lines
        .iter()
        .filter(|(_, aggregate)| aggregate == "customer-7")
        .map(|(id, _)| *id)
        .collect();
    println!("  customer-7's ids, in the order written: {customer_7:?}");
    println!(
        "  in order per aggregate: {}",
        in_order_per_aggregate(&lines)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lanes_reorder_the_lines_but_never_an_aggregate() {
        let lines = relay_the_demo(100).await.expect("relays");
        assert_eq!(lines.len(), 100, "each order once");
        let ids: Vec<i64> = lines.iter().map(|(id, _)| *id).collect();
        assert!(!ids.is_sorted(), "not in global id order: {ids:?}");
        assert!(in_order_per_aggregate(&lines));
    }
}
