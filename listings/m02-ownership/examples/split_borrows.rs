//! Lesson 02.4: two `&mut` at once are fine when they cannot overlap:
//! different halves of a slice, or different fields of a struct.
//!
//! Run with `cargo run -p m02-ownership --example split_borrows`.

/// One outbox row.
#[derive(Debug)]
struct OutboxMessage {
    id: u64,
    sent: bool,
}

/// Counters the relay keeps next to its pending messages.
#[derive(Debug, Default)]
struct Stats {
    sent: u32,
}

/// The relay's state: two fields the borrow checker tracks separately.
#[derive(Debug)]
struct Relay {
    pending: Vec<OutboxMessage>,
    stats: Stats,
}

fn batch_of(ids: std::ops::RangeInclusive<u64>) -> Vec<OutboxMessage> {
    ids.map(|id| OutboxMessage { id, sent: false }).collect()
}

// ANCHOR: split_at_mut
/// Swaps the first message of each half: needs two `&mut` into one slice.
fn swap_heads(batch: &mut [OutboxMessage]) {
    let middle = batch.len() / 2;
    let (front, back) = batch.split_at_mut(middle); // two non-overlapping halves
    std::mem::swap(&mut front[0], &mut back[0]);
}
// ANCHOR_END: split_at_mut

// ANCHOR: fields
/// Marks every pending message and counts it: `pending` and `stats` are
/// borrowed mutably at the same time, which is fine because they are
/// different fields.
fn mark_all_sent(relay: &mut Relay) {
    let stats = &mut relay.stats;
    for message in relay.pending.iter_mut() {
        message.sent = true;
        stats.sent += 1;
    }
}
// ANCHOR_END: fields

fn main() {
    let mut batch = batch_of(1..=4);
    swap_heads(&mut batch);
    let order: Vec<u64> = batch.iter().map(|message| message.id).collect();
    println!("after swap_heads: {order:?}");

    let mut relay = Relay {
        pending: batch,
        stats: Stats::default(),
    };
    mark_all_sent(&mut relay);
    let all_sent = relay.pending.iter().all(|message| message.sent);
    println!("all sent: {all_sent}, stats: {:?}", relay.stats);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_heads_exchanges_the_first_of_each_half() {
        let mut batch = batch_of(1..=4);
        swap_heads(&mut batch);
        let ids: Vec<u64> = batch.iter().map(|message| message.id).collect();
        assert_eq!(ids, [3, 2, 1, 4]);
    }

    #[test]
    fn marking_counts_each_message_once() {
        let mut relay = Relay {
            pending: batch_of(1..=3),
            stats: Stats::default(),
        };
        mark_all_sent(&mut relay);
        assert_eq!(relay.stats.sent, 3);
        assert!(relay.pending.iter().all(|message| message.sent));
    }
}
