//! Worked answer to Try it 5 of lesson 09.2: matching on a `#[non_exhaustive]`
//! enum from another crate. This example is such a crate: it uses
//! `m09_modules` from the outside, exactly as a user would.

use m09_modules::{Error, Message, MessageId};

// ANCHOR: answer5
/// What an operator should do about a refused message.
fn advice(error: &Error) -> &'static str {
    match error {
        Error::EmptyAggregate => "fix the producer: every event needs its aggregate id",
        Error::BadEventType(_) => "rename the event type to CamelCase",
        // Required: the enum is #[non_exhaustive], so a later release of the
        // crate may add reasons. Without this arm: error[E0004].
        _ => "upgrade the handling for a new kind of refusal",
    }
}
// ANCHOR_END: answer5

fn main() {
    for (aggregate, event_type) in [("", "OrderPlaced"), ("order-1", "order placed")] {
        if let Err(error) = Message::new(MessageId(1), aggregate, event_type) {
            println!("{error}: {}", advice(&error));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_known_reason_has_its_own_advice() {
        assert!(advice(&Error::EmptyAggregate).contains("aggregate id"));
        assert!(advice(&Error::BadEventType("x".into())).contains("CamelCase"));
    }
}
