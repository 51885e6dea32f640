//! Lesson 02.7: a struct cannot borrow from itself, so keep the text and
//! remember *where* the fields are, as byte ranges.
//!
//! Run with `cargo run -p m02-ownership --example ranges_not_self_refs`.

use std::ops::Range;

// ANCHOR: stored
/// An outbox record that owns its line and stores field positions instead
/// of references into it. No lifetime parameter: it borrows nothing, so it
/// can be moved, stored in a `Vec`, or sent to another thread.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredRecord {
    line: String,
    id: u64,
    aggregate_id: Range<usize>,
    event_type: Range<usize>,
    payload: Range<usize>,
}

impl StoredRecord {
    /// Takes ownership of `id|aggregate-id|event-type|payload`.
    fn parse(line: String) -> Option<StoredRecord> {
        let mut separators = line.match_indices('|').map(|(at, _)| at);
        let first = separators.next()?;
        let second = separators.next()?;
        let third = separators.next()?;
        let id = line[..first].parse().ok()?;
        Some(StoredRecord {
            id,
            aggregate_id: first + 1..second,
            event_type: second + 1..third,
            payload: third + 1..line.len(),
            line, // moved in last; the ranges are numbers, not borrows
        })
    }

    /// Each accessor borrows from `self` for as long as the caller uses it.
    fn aggregate_id(&self) -> &str {
        &self.line[self.aggregate_id.clone()]
    }

    fn event_type(&self) -> &str {
        &self.line[self.event_type.clone()]
    }

    fn payload(&self) -> &str {
        &self.line[self.payload.clone()]
    }
}
// ANCHOR_END: stored

fn main() {
    // ANCHOR: main
    let mut queue: Vec<StoredRecord> = Vec::new();
    for raw in [
        "17|order-42|OrderPlaced|{}",
        "18|order-7|OrderPaid|{\"a\":1}",
    ] {
        let line = raw.to_string(); // e.g. just read from the outbox file
        if let Some(record) = StoredRecord::parse(line) {
            queue.push(record); // a move is fine: it holds no references
        }
    }
    for record in &queue {
        println!(
            "#{} {} {} {}",
            record.id,
            record.aggregate_id(),
            record.event_type(),
            record.payload()
        );
    }
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_select_the_fields() {
        let record =
            StoredRecord::parse("18|payment-9|PaymentCaptured|a|b".to_string()).expect("valid");
        assert_eq!(record.id, 18);
        assert_eq!(record.aggregate_id(), "payment-9");
        assert_eq!(record.event_type(), "PaymentCaptured");
        assert_eq!(record.payload(), "a|b");
    }

    #[test]
    fn a_moved_record_still_reads_its_fields() {
        let record = StoredRecord::parse("1|order-1|E|{}".to_string()).expect("valid");
        let moved = Box::new(record); // a new home for the struct
        assert_eq!(moved.aggregate_id(), "order-1");
    }

    #[test]
    fn rejects_malformed_lines() {
        assert_eq!(StoredRecord::parse("1|order-1|E".to_string()), None);
        assert_eq!(StoredRecord::parse("x|order-1|E|{}".to_string()), None);
    }
}
