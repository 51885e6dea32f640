//! Lesson 02.5, in the outbox bridge: one relay round borrows the pending
//! rows to publish them, and the loan ends before the rows are marked sent.
//!
//! Run with `cargo run -p m02-ownership --example relay_batch`.

/// One row of the outbox table.
#[derive(Debug)]
struct OutboxRow {
    id: u64,
    aggregate_id: String,
    payload: String,
    sent: bool,
}

/// The outbox table, held in memory for this lesson.
#[derive(Debug, Default)]
struct Outbox {
    rows: Vec<OutboxRow>,
}

impl Outbox {
    fn append(&mut self, aggregate_id: &str, payload: &str) {
        let id = self.rows.len() as u64 + 1;
        self.rows.push(OutboxRow {
            id,
            aggregate_id: aggregate_id.to_string(),
            payload: payload.to_string(),
            sent: false,
        });
    }

    /// The unsent rows, borrowed: the result keeps `self` borrowed.
    fn pending(&self) -> Vec<&OutboxRow> {
        self.rows.iter().filter(|row| !row.sent).collect()
    }

    fn mark_sent(&mut self, ids: &[u64]) {
        for row in &mut self.rows {
            if ids.contains(&row.id) {
                row.sent = true;
            }
        }
    }
}

// ANCHOR: relay_once
/// Publishes every pending row, then marks them sent. Returns how many.
fn relay_once(outbox: &mut Outbox, broker: &mut Vec<String>) -> usize {
    let pending = outbox.pending(); // [1] a shared loan of `*outbox` begins
    let mut published = Vec::new(); // owned ids: `u64` is Copy, no loan
    for row in &pending {
        broker.push(format!("{} {}", row.aggregate_id, row.payload));
        published.push(row.id);
    } // [2] last use of `pending`: the loan ends
    outbox.mark_sent(&published); // [3] `&mut *outbox`: fine, no loan is live
    published.len()
}
// ANCHOR_END: relay_once

fn main() {
    let mut outbox = Outbox::default();
    outbox.append("order-42", "OrderPlaced");
    outbox.append("order-42", "OrderPaid");
    outbox.append("order-7", "OrderPlaced");

    let mut broker = Vec::new();
    println!("round 1 published {}", relay_once(&mut outbox, &mut broker));
    outbox.append("order-7", "OrderShipped");
    println!("round 2 published {}", relay_once(&mut outbox, &mut broker));
    for message in &broker {
        println!("broker got: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_publishes_each_pending_row_once() {
        let mut outbox = Outbox::default();
        outbox.append("order-1", "A");
        outbox.append("order-2", "B");
        let mut broker = Vec::new();
        assert_eq!(relay_once(&mut outbox, &mut broker), 2);
        assert_eq!(relay_once(&mut outbox, &mut broker), 0);
        assert_eq!(broker, ["order-1 A", "order-2 B"]);
        assert!(outbox.pending().is_empty());
    }
}
