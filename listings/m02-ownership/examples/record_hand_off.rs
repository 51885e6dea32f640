//! Lesson 02.7, in the outbox bridge: parse a batch as borrowed views on the
//! hot path, then convert to owned records only for what crosses to the
//! publisher thread.
//!
//! Run with `cargo run -p m02-ownership --example record_hand_off`.

use std::sync::mpsc;
use std::thread;

/// A borrowed view of `id|aggregate-id|event-type|payload` (see
/// `outbox_record_view.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OutboxRecordView<'a> {
    id: u64,
    aggregate_id: &'a str,
    event_type: &'a str,
    payload: &'a str,
}

impl<'a> OutboxRecordView<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let mut fields = line.splitn(4, '|');
        let id = fields.next()?.parse().ok()?;
        Some(OutboxRecordView {
            id,
            aggregate_id: fields.next()?,
            event_type: fields.next()?,
            payload: fields.next()?,
        })
    }
}

/// The owned record that travels to the publisher.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxRecord {
    id: u64,
    aggregate_id: String,
    event_type: String,
    payload: String,
}

impl From<OutboxRecordView<'_>> for OutboxRecord {
    fn from(view: OutboxRecordView<'_>) -> Self {
        OutboxRecord {
            id: view.id,
            aggregate_id: view.aggregate_id.to_string(),
            event_type: view.event_type.to_string(),
            payload: view.payload.to_string(),
        }
    }
}

// ANCHOR: relay
/// Event types this relay forwards; everything else is skipped unpublished.
const ROUTED: [&str; 2] = ["OrderPlaced", "OrderPaid"];

/// Filters the batch on borrowed views (no allocation per line), then sends
/// owned copies of the routed records to a publisher thread, in order.
fn relay(batch: &str) -> Vec<String> {
    let (to_publisher, inbox) = mpsc::channel::<OutboxRecord>();
    // The publisher may outlive this stack frame, so it may only receive
    // values that borrow nothing: `OutboxRecord`, not `OutboxRecordView<'_>`.
    let publisher = thread::spawn(move || {
        let mut log = Vec::new();
        for record in inbox {
            let OutboxRecord {
                id, aggregate_id, ..
            } = record;
            log.push(format!("published #{id} to {aggregate_id}"));
        }
        log
    });

    for view in batch.lines().filter_map(OutboxRecordView::parse) {
        if ROUTED.contains(&view.event_type) {
            // The one copy, at the boundary.
            let owned = OutboxRecord::from(view);
            if to_publisher.send(owned).is_err() {
                break; // the publisher has stopped; nothing more to do
            }
        }
    }
    drop(to_publisher); // closing the channel ends the publisher's loop
    publisher.join().expect("the publisher does not panic")
}
// ANCHOR_END: relay

fn main() {
    let batch = String::from(
        "17|order-42|OrderPlaced|{}\n\
         18|audit-1|AuditTrail|{}\n\
         19|order-42|OrderPaid|{}\n\
         20|order-7|OrderPlaced|{}\n",
    );
    for line in relay(&batch) {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_routed_events_cross_the_thread_boundary_in_order() {
        let published = relay("1|a-1|OrderPlaced|{}\n2|x-1|Other|{}\n3|a-1|OrderPaid|{}\n");
        assert_eq!(published, ["published #1 to a-1", "published #3 to a-1"]);
    }

    #[test]
    fn owned_records_copy_every_field() {
        let view = OutboxRecordView::parse("9|order-9|OrderPaid|{\"x\":1}").expect("valid");
        let record = OutboxRecord::from(view);
        assert_eq!(record.payload, "{\"x\":1}");
        assert_eq!(record.event_type, "OrderPaid");
    }
}
