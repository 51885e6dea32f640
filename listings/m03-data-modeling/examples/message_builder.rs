//! Lesson 03.2: a consuming builder that validates once, in `build`, and
//! hands back the bridge's own `NewMessage`.

use outbox_core::{AggregateId, InvalidMessage, NewMessage};
use std::fmt;

// ANCHOR: error
/// Why `build` refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BuildError {
    /// A required part was never set.
    Missing(&'static str),
    /// A part was set, but the outbox does not accept it.
    Invalid(InvalidMessage),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Missing(part) => write!(f, "the {part} was never set"),
            BuildError::Invalid(reason) => write!(f, "invalid message: {reason}"),
        }
    }
}
// ANCHOR_END: error

// ANCHOR: builder
/// Collects the parts of a message in any order; `build` checks them all.
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
struct MessageBuilder {
    aggregate_id: Option<String>,
    event_type: Option<String>,
    payload: Vec<u8>,
}

impl MessageBuilder {
    fn new() -> Self {
        Self::default()
    }

    // Each setter takes the builder by value and returns it: calls chain.
    fn aggregate(mut self, id: impl Into<String>) -> Self {
        self.aggregate_id = Some(id.into());
        self
    }

    fn event_type(mut self, name: impl Into<String>) -> Self {
        self.event_type = Some(name.into());
        self
    }

    fn payload(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.payload = bytes.into();
        self
    }

    /// Consumes the builder. The checks live in the outbox's own
    /// constructors, `AggregateId::new` and `NewMessage::new`, so there is
    /// one set of rules. (`?` hands an error straight back: lesson 03.4.)
    fn build(self) -> Result<NewMessage, BuildError> {
        let Some(raw_id) = self.aggregate_id else {
            return Err(BuildError::Missing("aggregate id"));
        };
        let Some(event_type) = self.event_type else {
            return Err(BuildError::Missing("event type"));
        };
        let aggregate_id = AggregateId::new(raw_id).map_err(BuildError::Invalid)?;
        NewMessage::new(aggregate_id, event_type, self.payload).map_err(BuildError::Invalid)
    }
}
// ANCHOR_END: builder

fn main() {
    // ANCHOR: usage
    let placed = MessageBuilder::new()
        .aggregate("order-42")
        .event_type("OrderPlaced")
        .payload(r#"{"total_cents":1999}"#)
        .build();
    match &placed {
        Ok(message) => println!(
            "built {} for {} ({} bytes)",
            message.event_type,
            message.aggregate_id,
            message.payload.len()
        ),
        Err(error) => println!("refused: {error}"),
    }

    let attempts = [
        MessageBuilder::new().event_type("OrderPlaced").build(),
        MessageBuilder::new()
            .aggregate("order-42")
            .event_type("  ")
            .build(),
        MessageBuilder::new()
            .aggregate("")
            .event_type("OrderPlaced")
            .build(),
    ];
    for attempt in attempts {
        if let Err(error) = attempt {
            println!("refused: {error}");
        }
    }
    // ANCHOR_END: usage
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_builder_builds() {
        let message = MessageBuilder::new()
            .event_type("OrderShipped")
            .aggregate("order-1")
            .build()
            .expect("every part is set and valid");
        assert_eq!(message.aggregate_id.as_str(), "order-1");
        assert!(message.payload.is_empty());
    }

    #[test]
    fn missing_and_invalid_parts_are_reported() {
        assert_eq!(
            MessageBuilder::new().aggregate("a").build(),
            Err(BuildError::Missing("event type"))
        );
        assert_eq!(
            MessageBuilder::new().aggregate(" ").event_type("E").build(),
            Err(BuildError::Invalid(InvalidMessage::EmptyAggregateId))
        );
        let too_big = vec![0; NewMessage::MAX_PAYLOAD + 1];
        let err = MessageBuilder::new()
            .aggregate("a")
            .event_type("E")
            .payload(too_big)
            .build()
            .expect_err("payload over the limit");
        assert_eq!(
            err.to_string(),
            "invalid message: the payload is 1048577 bytes; the limit is 1048576"
        );
    }
}
