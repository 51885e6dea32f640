//! Lesson 02.2: moving fields out of a struct, and `std::mem::take` /
//! `replace` for moving out of something you only borrow mutably.
//!
//! Run with `cargo run -p m02-ownership --example partial_moves`.

use std::mem;

/// One outbox row.
#[derive(Debug, Default)]
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

fn sample() -> OutboxMessage {
    OutboxMessage {
        id: 17,
        aggregate: String::from("order"),
        payload: String::from("{\"total\":42}"),
    }
}

// ANCHOR: destructure
/// Consumes the message and moves its fields out; nothing is copied.
fn into_routing(message: OutboxMessage) -> (String, String) {
    let OutboxMessage {
        id,
        aggregate,
        payload,
    } = message;
    (format!("{aggregate}.{id}"), payload)
}
// ANCHOR_END: destructure

// ANCHOR: take_replace
/// Moves the payload out of a message we only borrow, leaving `""` behind.
fn take_payload(message: &mut OutboxMessage) -> String {
    mem::take(&mut message.payload)
}

/// Puts a new aggregate in place and hands back the old one.
fn rename_aggregate(message: &mut OutboxMessage, new_name: &str) -> String {
    mem::replace(&mut message.aggregate, new_name.to_string())
}
// ANCHOR_END: take_replace

fn main() {
    // ANCHOR: partial
    let message = sample();
    let payload = message.payload; // moves one field out of `message`
    println!("moved out: {payload}");
    println!("still usable: #{} ({})", message.id, message.aggregate);
    // println!("{message:?}"); // error[E0382]: borrow of partially moved value
    // ANCHOR_END: partial

    let (key, body) = into_routing(sample());
    println!("routing key {key}, body {body}");

    // ANCHOR: take_use
    let mut archived = sample();
    let body = take_payload(&mut archived);
    let old = rename_aggregate(&mut archived, "order-archive");
    println!("took {body}; renamed {old} -> {}", archived.aggregate);
    println!("left behind: {archived:?}");

    let mut lease: Option<u32> = Some(7);
    let released = lease.take(); // Option's own version of mem::take
    println!("released {released:?}, lease is now {lease:?}");
    // ANCHOR_END: take_use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destructuring_moves_every_field() {
        assert_eq!(
            into_routing(sample()),
            ("order.17".to_string(), "{\"total\":42}".to_string())
        );
    }

    #[test]
    fn take_leaves_the_default_and_replace_the_new_value() {
        let mut message = sample();
        assert_eq!(take_payload(&mut message), "{\"total\":42}");
        assert_eq!(message.payload, "");
        assert_eq!(rename_aggregate(&mut message, "x"), "order");
        assert_eq!(message.aggregate, "x");
    }
}
