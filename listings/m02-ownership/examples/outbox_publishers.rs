//! Lesson 02.3, in the outbox bridge: the relay owns the batch it claimed and
//! lends each message to the publishing code, which only reads it.
//!
//! Run with `cargo run -p m02-ownership --example outbox_publishers`.

/// One outbox row, owned by whoever claimed it.
#[derive(Debug)]
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

/// Stands in for the store: the claimed rows move out to the caller.
fn claim_batch() -> Vec<OutboxMessage> {
    [
        (17, "order", "{\"total\":42}"),
        (18, "order", ""),
        (19, "invoice", "{\"due\":7}"),
    ]
    .into_iter()
    .map(|(id, aggregate, payload)| OutboxMessage {
        id,
        aggregate: aggregate.to_string(),
        payload: payload.to_string(),
    })
    .collect()
}

// ANCHOR: publishers
/// Builds the wire form. Reads only, so it borrows.
fn encode(message: &OutboxMessage) -> String {
    format!("{}.{}|{}", message.aggregate, message.id, message.payload)
}

/// Stands in for a broker publish: borrows the message, returns the ack.
fn publish(message: &OutboxMessage) -> Result<u64, String> {
    if message.payload.is_empty() {
        return Err(format!("#{}: empty payload", message.id));
    }
    println!("  sent {}", encode(message));
    Ok(message.id)
}
// ANCHOR_END: publishers

// ANCHOR: relay
/// Publishes every message in a batch it borrows; returns the acked ids.
fn publish_batch(batch: &[OutboxMessage]) -> Vec<u64> {
    let mut acked = Vec::new();
    for message in batch {
        // `message` is a `&OutboxMessage`: a loan, not a copy
        match publish(message) {
            Ok(id) => acked.push(id),
            Err(reason) => println!("  kept for retry: {reason}"),
        }
    }
    acked
}

fn main() {
    let batch = claim_batch(); // the relay owns the batch
    let acked = publish_batch(&batch); // and lends it out
    println!(
        "acked {acked:?}; relay still owns all {} messages",
        batch.len()
    );
}
// ANCHOR_END: relay

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_with_a_payload_are_acked() {
        let batch = claim_batch();
        assert_eq!(publish_batch(&batch), [17, 19]);
        assert_eq!(batch.len(), 3, "publishing borrowed, so nothing was lost");
    }

    #[test]
    fn encode_reads_without_taking() {
        let batch = claim_batch();
        assert_eq!(encode(&batch[0]), "order.17|{\"total\":42}");
        assert_eq!(batch[0].aggregate, "order");
    }
}
