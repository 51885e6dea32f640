//! Lesson 02.6, in the outbox bridge: reading the aggregate id out of a
//! message's header line as a slice of that line, then grouping messages by
//! aggregate without copying a single id.
//!
//! Run with `cargo run -p m02-ownership --example header_aggregate`.

use std::collections::BTreeMap;

// ANCHOR: header_value
/// The value of `key` in a header line such as
/// `aggregate-id=order-42;sequence=7;event-type=OrderPlaced`.
/// The result borrows from `line` only, so `key` may be a temporary.
fn header_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        if name.trim() == key {
            Some(value.trim())
        } else {
            None
        }
    })
}

/// The aggregate id, which decides the order messages must keep.
/// One input lifetime, so elision ties the result to `line` (rule 2).
fn aggregate_id(line: &str) -> Option<&str> {
    header_value(line, "aggregate-id")
}
// ANCHOR_END: header_value

// ANCHOR: group
/// Groups message positions by aggregate id, in id order. The map's keys
/// are slices of `lines`, so the map cannot outlive them.
fn group_by_aggregate(lines: &[String]) -> BTreeMap<&str, Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (position, line) in lines.iter().enumerate() {
        let id = aggregate_id(line).unwrap_or("(none)");
        groups.entry(id).or_default().push(position);
    }
    groups
}
// ANCHOR_END: group

fn main() {
    // Header lines as they arrive from the outbox, owned by this Vec.
    let lines: Vec<String> = [
        "aggregate-id=order-42;sequence=1;event-type=OrderPlaced",
        "aggregate-id=payment-9;sequence=1;event-type=PaymentCaptured",
        "aggregate-id=order-42;sequence=2;event-type=OrderPaid",
        "sequence=1;event-type=Heartbeat",
        "aggregate-id = order-7 ; sequence=1;event-type=OrderPlaced",
    ]
    .map(String::from)
    .to_vec();

    let groups = group_by_aggregate(&lines);
    for (aggregate, positions) in &groups {
        println!("{aggregate}: messages {positions:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_by_key() {
        let line = "aggregate-id=order-42;sequence=7";
        assert_eq!(aggregate_id(line), Some("order-42"));
        assert_eq!(header_value(line, "sequence"), Some("7"));
        assert_eq!(header_value(line, "missing"), None);
        assert_eq!(aggregate_id("no pairs here"), None);
    }

    #[test]
    fn the_id_is_a_slice_of_the_line() {
        let line = String::from("aggregate-id=order-42");
        let id = aggregate_id(&line).expect("has an id");
        let range = line.as_bytes().as_ptr_range();
        assert!(range.contains(&id.as_ptr()));
    }

    #[test]
    fn groups_keep_arrival_order_per_aggregate() {
        let lines = [
            "aggregate-id=b;sequence=1",
            "aggregate-id=a;sequence=1",
            "aggregate-id=b;sequence=2",
        ]
        .map(String::from);
        let groups = group_by_aggregate(&lines);
        assert_eq!(groups["a"], [1]);
        assert_eq!(groups["b"], [0, 2]);
    }
}
