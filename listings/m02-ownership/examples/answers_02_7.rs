//! Answers to the "Try it" exercises of lesson 02.7.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_7`.

use std::ops::Range;

// ANCHOR: answer3
/// `StoredRecord` from `ranges_not_self_refs.rs`, with a `line` accessor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredRecord {
    line: String,
    id: u64,
    aggregate_id: Range<usize>,
    event_type: Range<usize>,
    payload: Range<usize>,
}

impl StoredRecord {
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
            line,
        })
    }

    /// The whole line; by elision rule 3 it borrows from `self`.
    fn line(&self) -> &str {
        &self.line
    }

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

/// Moves a record into a `Vec` and back out: the `String` header moves
/// twice, and the ranges still select the same fields.
fn round_trip(record: StoredRecord) -> Option<StoredRecord> {
    let mut queue = Vec::new();
    queue.push(record);
    queue.pop()
}
// ANCHOR_END: answer3

// ANCHOR: answer5
/// Finds one header's value, as in `header_view.rs`, reduced to what
/// `trace_id` needs.
fn find_header<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then_some(value.trim())
    })
}

/// No lifetimes written: one input lifetime, so rule 2 gives the result
/// `line`'s, exactly as `fn trace_id<'a>(line: &'a str) -> Option<&'a str>`.
fn trace_id(line: &str) -> Option<&str> {
    find_header(line, "trace-id")
}
// ANCHOR_END: answer5

fn main() {
    let record = StoredRecord::parse("17|order-42|OrderPlaced|{}".to_string());
    if let Some(record) = record.and_then(round_trip) {
        println!("answer 3: #{} {}", record.id, record.line());
        let fields = [record.aggregate_id(), record.event_type(), record.payload()];
        println!("  fields after two moves: {fields:?}");
    }
    let line = String::from("aggregate-id=order-42; seq=7; trace-id=abc123");
    println!("answer 5: {:?}", trace_id(&line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_survive_moves() {
        let record =
            StoredRecord::parse("18|payment-9|PaymentCaptured|a|b".to_string()).expect("valid");
        let record = round_trip(record).expect("one record went in");
        assert_eq!(record.id, 18);
        assert_eq!(record.line(), "18|payment-9|PaymentCaptured|a|b");
        assert_eq!(record.aggregate_id(), "payment-9");
        assert_eq!(record.event_type(), "PaymentCaptured");
        assert_eq!(record.payload(), "a|b");
    }

    #[test]
    fn trace_id_borrows_from_the_line() {
        let line = String::from("aggregate-id=order-42; trace-id=abc123");
        let id = trace_id(&line);
        assert_eq!(id, Some("abc123"));
        assert_eq!(trace_id("seq=7"), None);
    }
}
