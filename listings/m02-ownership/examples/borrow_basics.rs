//! Lesson 02.3: a shared reference lends a value out for reading; the owner
//! keeps it, and any number of shared borrows can exist at once.
//!
//! Run with `cargo run -p m02-ownership --example borrow_basics`.

use std::mem::size_of;

/// One outbox row.
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

// ANCHOR: describe
/// Borrows the message to read it. The caller still owns it afterwards.
fn describe(message: &OutboxMessage) -> String {
    format!(
        "#{} {} ({} bytes)",
        message.id,
        message.aggregate,
        message.payload.len()
    )
}
// ANCHOR_END: describe

fn main() {
    // ANCHOR: lend
    let message = OutboxMessage {
        id: 17,
        aggregate: String::from("order"),
        payload: String::from("{\"total\":42}"),
    };
    let line = describe(&message); // lend it out...
    let again = describe(&message); // ...as often as you like
    println!("{line}");
    println!("same answer twice: {}", line == again);

    let a = &message;
    let b = &message;
    let c = a; // shared references are `Copy`: `a` is still usable
    println!("three readers at once: #{} #{} #{}", a.id, b.id, c.id);
    println!("the owner still has it: {}", message.aggregate);
    // ANCHOR_END: lend

    // ANCHOR: sizes
    println!(
        "size of &OutboxMessage: {} bytes",
        size_of::<&OutboxMessage>()
    );
    println!("size of &str:           {} bytes", size_of::<&str>());
    // ANCHOR_END: sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowing_leaves_the_owner_intact() {
        let message = OutboxMessage {
            id: 1,
            aggregate: String::from("invoice"),
            payload: String::from("{}"),
        };
        assert_eq!(describe(&message), "#1 invoice (2 bytes)");
        assert_eq!(message.aggregate, "invoice");
    }

    #[test]
    fn a_reference_is_a_pointer_and_a_slice_reference_adds_a_length() {
        assert_eq!(size_of::<&OutboxMessage>(), size_of::<usize>());
        assert_eq!(size_of::<&str>(), 2 * size_of::<usize>());
    }
}
