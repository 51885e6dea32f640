//! Answers to the "Try it" exercises of lesson 02.2.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_2`.

// ANCHOR: answer2
/// `send` only reads the payload, so it borrows it...
fn send(topic: &str, payload: &str) -> String {
    format!("{topic} <- {payload}")
}

/// ...and `fan_out` lends the same `String` to every call: no clone at all.
fn fan_out(payload: String, topics: &[&str]) -> Vec<String> {
    let mut sent = Vec::new();
    for topic in topics {
        sent.push(send(topic, &payload));
    }
    sent
} // `payload` is dropped here, once
// ANCHOR_END: answer2

#[derive(Debug, Default)]
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

// ANCHOR: answer4
/// Borrowing the field instead of moving it leaves `message` whole.
fn peek_at_payload(message: OutboxMessage) -> String {
    let payload = &message.payload; // a borrow: nothing moves out
    println!("borrowed: {payload}");
    println!("still usable: #{} ({})", message.id, message.aggregate);
    format!("{message:?}") // the whole struct is still ours
}
// ANCHOR_END: answer4

fn sample() -> OutboxMessage {
    OutboxMessage {
        id: 17,
        aggregate: String::from("order-17"),
        payload: String::from("{\"total\":1999}"),
    }
}

fn main() {
    println!("answer 2:");
    for line in fan_out(String::from("order-19"), &["orders", "audit"]) {
        println!("  {line}");
    }
    println!("answer 4:");
    println!("  {}", peek_at_payload(sample()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fan_out_sends_one_payload_to_every_topic_without_cloning() {
        assert_eq!(
            fan_out(String::from("p"), &["a", "b"]),
            ["a <- p", "b <- p"]
        );
    }

    #[test]
    fn a_borrowed_field_leaves_the_struct_usable() {
        let printed = peek_at_payload(sample());
        assert!(printed.starts_with("OutboxMessage { id: 17"));
        assert!(printed.contains("1999"));
    }
}
