//! Answers to the "Try it" exercises of lesson 02.3.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_3`.

// ANCHOR: answer3
/// To pass messages by value, they must be clonable: the first fix the
/// compiler leads to is this derive.
#[derive(Debug, Clone)]
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

fn encode(message: &OutboxMessage) -> String {
    format!("{}.{}|{}", message.aggregate, message.id, message.payload)
}

/// Takes the message by value, although it only reads it.
fn publish(message: OutboxMessage) -> Result<u64, String> {
    if message.payload.is_empty() {
        return Err(format!("#{}: empty payload", message.id));
    }
    println!("  sent {}", encode(&message));
    Ok(message.id)
} // the clone is dropped here

/// The relay must keep its messages (for retries), so it clones each one
/// before giving it away: one clone, and up to two string allocations, per
/// message per round.
fn publish_batch(batch: &[OutboxMessage]) -> (Vec<u64>, usize) {
    let mut acked = Vec::new();
    let mut clones = 0;
    for message in batch {
        clones += 1;
        match publish(message.clone()) {
            Ok(id) => acked.push(id),
            Err(reason) => println!("  kept for retry: {reason}"),
        }
    }
    (acked, clones)
}
// ANCHOR_END: answer3

// ANCHOR: answer4
/// One reference parameter: elision ties the result to it, no lifetimes needed.
fn aggregate_of(message: &OutboxMessage) -> &str {
    &message.aggregate
}

/// Two reference parameters: the signature must say where the result comes
/// from. Here it may come from either, so both get `'a`.
fn aggregate_or<'a>(message: &'a OutboxMessage, fallback: &'a OutboxMessage) -> &'a str {
    if message.aggregate.is_empty() {
        &fallback.aggregate
    } else {
        &message.aggregate
    }
}
// ANCHOR_END: answer4

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

fn main() {
    println!("answer 3:");
    let batch = claim_batch();
    let (acked, clones) = publish_batch(&batch);
    println!(
        "  acked {acked:?} with {clones} clones for {} messages",
        batch.len()
    );
    println!("answer 4:");
    let fallback = OutboxMessage {
        id: 0,
        aggregate: String::from("unknown"),
        payload: String::new(),
    };
    println!(
        "  {} / {}",
        aggregate_of(&batch[0]),
        aggregate_or(&batch[2], &fallback)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_value_publishing_needs_one_clone_per_message() {
        let batch = claim_batch();
        assert_eq!(publish_batch(&batch), (vec![17, 19], 3));
        assert_eq!(batch.len(), 3);
    }

    #[test]
    fn the_result_borrows_from_the_right_input() {
        let empty = OutboxMessage {
            id: 1,
            aggregate: String::new(),
            payload: String::new(),
        };
        let fallback = OutboxMessage {
            id: 0,
            aggregate: String::from("unknown"),
            payload: String::new(),
        };
        assert_eq!(aggregate_or(&empty, &fallback), "unknown");
        assert_eq!(aggregate_of(&fallback), "unknown");
    }
}
