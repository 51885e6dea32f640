//! Lesson 02.2, in the outbox bridge: full batches move from the batcher to a
//! publisher thread; the relay keeps only the `Copy` ids for its bookkeeping.
//!
//! Run with `cargo run -p m02-ownership --example outbox_handoff`.

use std::mem;
use std::thread;

/// An outbox row id. `Copy`, so keeping a record of ids never needs a clone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MessageId(u64);

/// One outbox row. It owns its payload, so it moves rather than copies.
#[derive(Debug)]
struct OutboxMessage {
    id: MessageId,
    payload: String,
}

// ANCHOR: batcher
/// Collects messages until a batch is full, then hands the whole batch over.
#[derive(Debug)]
struct Batcher {
    buffer: Vec<OutboxMessage>,
    batch_size: usize,
}

impl Batcher {
    /// Takes ownership of `message`. Returns a full batch, by value, when
    /// there is one, and keeps an empty buffer for the next.
    fn push(&mut self, message: OutboxMessage) -> Option<Vec<OutboxMessage>> {
        self.buffer.push(message);
        if self.buffer.len() == self.batch_size {
            Some(mem::take(&mut self.buffer))
        } else {
            None
        }
    }
}
// ANCHOR_END: batcher

/// Stands in for the broker client: consumes the batch, returns what it sent.
fn publish_all(batch: Vec<OutboxMessage>) -> usize {
    batch.iter().map(|message| message.payload.len()).sum()
}

// ANCHOR: handoff
fn relay(messages: Vec<OutboxMessage>, batch_size: usize) -> (Vec<MessageId>, usize) {
    let mut batcher = Batcher {
        buffer: Vec::new(),
        batch_size,
    };
    let mut sent_ids = Vec::new();
    let mut bytes = 0;
    for message in messages {
        let Some(batch) = batcher.push(message) else {
            continue;
        };
        sent_ids.extend(batch.iter().map(|message| message.id)); // copies of ids
        let publisher = thread::spawn(move || publish_all(batch)); // batch moves
        bytes += publisher.join().expect("the publisher does not panic");
    }
    (sent_ids, bytes)
}
// ANCHOR_END: handoff

fn main() {
    let messages = (1..=5)
        .map(|n| OutboxMessage {
            id: MessageId(n),
            payload: format!("{{\"order\":{n}}}"),
        })
        .collect();
    let (sent_ids, bytes) = relay(messages, 2);
    println!("sent {sent_ids:?} ({bytes} bytes); one message waits for a full batch");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(n: u64) -> OutboxMessage {
        OutboxMessage {
            id: MessageId(n),
            payload: "x".repeat(n as usize),
        }
    }

    #[test]
    fn the_batcher_hands_over_full_batches_only() {
        let mut batcher = Batcher {
            buffer: Vec::new(),
            batch_size: 2,
        };
        assert!(batcher.push(message(1)).is_none());
        let batch = batcher.push(message(2)).expect("a full batch");
        assert_eq!(batch.len(), 2);
        assert!(batcher.buffer.is_empty(), "mem::take left an empty Vec");
    }

    #[test]
    fn the_relay_records_ids_of_sent_batches() {
        let (ids, bytes) = relay((1..=3).map(message).collect(), 2);
        assert_eq!(ids, [MessageId(1), MessageId(2)]);
        assert_eq!(bytes, 3);
    }
}
