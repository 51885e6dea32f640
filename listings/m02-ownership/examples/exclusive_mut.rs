//! Lesson 02.4: `&mut T` is the one way to change a value you do not own, and
//! it is exclusive; passing it on reborrows it rather than giving it away.
//!
//! Run with `cargo run -p m02-ownership --example exclusive_mut`.

/// One outbox row and its delivery bookkeeping.
#[derive(Debug, PartialEq, Eq)]
struct OutboxMessage {
    id: u64,
    attempts: u32,
    sent: bool,
}

// ANCHOR: mutate
/// Changes the caller's message, so it borrows it mutably.
fn record_attempt(message: &mut OutboxMessage) {
    message.attempts += 1; // `.` derefs `&mut` for field access too
}

fn mark_sent(message: &mut OutboxMessage) {
    message.sent = true;
}
// ANCHOR_END: mutate

// ANCHOR: reborrow
/// Gets one `&mut` and passes it on three times. Each call borrows
/// `*message` again for just that call (a reborrow), so nothing is moved.
fn deliver(message: &mut OutboxMessage, failures_first: u32) {
    for _ in 0..failures_first {
        record_attempt(message); // the same as `record_attempt(&mut *message)`
    }
    record_attempt(message);
    mark_sent(message);
}
// ANCHOR_END: reborrow

fn main() {
    // ANCHOR: calls
    let mut message = OutboxMessage {
        id: 17,
        attempts: 0,
        sent: false,
    };
    deliver(&mut message, 2); // lend it out for changing...
    println!("{message:?}"); // ...and it is ours again afterwards

    let handle = &mut message;
    let inner = &mut *handle; // an explicit reborrow through `handle`
    inner.attempts = 0; // while `inner` is in use, `handle` is frozen
    handle.sent = false; // `inner` is over, so `handle` works again
    println!("{message:?}");
    // ANCHOR_END: calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliver_counts_every_attempt_and_marks_sent() {
        let mut message = OutboxMessage {
            id: 1,
            attempts: 0,
            sent: false,
        };
        deliver(&mut message, 2);
        assert_eq!(message.attempts, 3);
        assert!(message.sent);
    }
}
