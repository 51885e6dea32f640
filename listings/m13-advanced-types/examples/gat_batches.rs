//! A generic associated type: a batch source whose batches may borrow from
//! the source itself, which `Iterator::Item` cannot express.
//!
//! Run with `cargo run -p m13-advanced-types --example gat_batches`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

// ANCHOR: trait
/// Hands out batches of messages one at a time.
trait BatchSource {
    /// A batch may borrow from the source for as long as the caller holds it:
    /// the type takes that borrow's lifetime as a parameter.
    type Batch<'a>: AsRef<[OutboxMessage]>
    where
        Self: 'a;

    fn next_batch<'a>(&'a mut self, max: usize) -> Option<Self::Batch<'a>>;
}
// ANCHOR_END: trait

// ANCHOR: in_memory
/// Messages already in memory: each batch is a slice of them, no copying.
struct InMemory {
    messages: Vec<OutboxMessage>,
    position: usize,
}

impl BatchSource for InMemory {
    type Batch<'a> = &'a [OutboxMessage];

    fn next_batch(&mut self, max: usize) -> Option<&[OutboxMessage]> {
        let start = self.position;
        let end = (start + max).min(self.messages.len());
        if start == end {
            return None;
        }
        self.position = end;
        Some(&self.messages[start..end])
    }
}
// ANCHOR_END: in_memory

// ANCHOR: reusing
/// Decodes lines into one buffer it reuses for every batch: a batch borrows
/// the buffer mutably, so the next call cannot start until it is dropped.
struct Decoding {
    lines: std::vec::IntoIter<String>,
    buffer: Vec<OutboxMessage>,
    next_id: i64,
}

impl BatchSource for Decoding {
    type Batch<'a> = &'a mut Vec<OutboxMessage>;

    fn next_batch(&mut self, max: usize) -> Option<&mut Vec<OutboxMessage>> {
        self.buffer.clear(); // keeps the allocation
        for line in self.lines.by_ref().take(max) {
            let Some((aggregate, event_type)) = line.split_once(':') else {
                continue;
            };
            let Ok(aggregate_id) = AggregateId::new(aggregate) else {
                continue;
            };
            self.next_id += 1;
            self.buffer.push(OutboxMessage {
                event_id: outbox_core::EventId::new(),
                id: MessageId(self.next_id),
                aggregate_id,
                event_type: event_type.to_owned(),
                payload: Vec::new(),
                content_type: None,
                headers: Default::default(),
                attempts: 0,
                created_at: UnixMillis(0),
            });
        }
        (!self.buffer.is_empty()).then_some(&mut self.buffer)
    }
}
// ANCHOR_END: reusing

// ANCHOR: drain
/// Generic over any source: each batch is used, then dropped, before the next.
fn drain<S: BatchSource>(source: &mut S, max: usize) -> Vec<String> {
    let mut report = Vec::new();
    while let Some(batch) = source.next_batch(max) {
        let ids: Vec<String> = batch.as_ref().iter().map(|m| m.id.to_string()).collect();
        report.push(ids.join(" "));
    }
    report
}
// ANCHOR_END: drain

fn message(id: i64, aggregate: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
fn main() {
    let mut memory = InMemory {
        messages: (1..=5).map(|i| message(i, "order-1")).collect(),
        position: 0,
    };
    println!("in memory: {:?}", drain(&mut memory, 2));

    let lines = [
        "order-1:Placed",
        "not a message",
        "order-2:Placed",
        "order-1:Paid",
    ];
    let mut decoding = Decoding {
        lines: lines.map(String::from).to_vec().into_iter(),
        buffer: Vec::with_capacity(2),
        next_id: 100,
    };
    println!("decoded: {:?}", drain(&mut decoding, 2));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_batches_are_slices_of_the_store() {
        let mut memory = InMemory {
            messages: (1..=3).map(|i| message(i, "a")).collect(),
            position: 0,
        };
        let first = memory.next_batch(2).expect("a batch");
        assert_eq!(first.len(), 2);
        assert_eq!(drain(&mut memory, 2), ["outbox-3"]);
    }

    #[test]
    fn the_decoding_source_reuses_its_buffer() {
        let mut decoding = Decoding {
            lines: vec!["a-1:X".to_owned(), "a-2:Y".to_owned()].into_iter(),
            buffer: Vec::with_capacity(4),
            next_id: 0,
        };
        let first = decoding.next_batch(1).expect("a batch").as_ptr();
        let second = decoding.next_batch(1).expect("a batch").as_ptr();
        assert_eq!(first, second);
        assert!(decoding.next_batch(1).is_none());
    }
}
