//! What a message is, and the one place its rules are checked.

use std::fmt;

/// Identifies one message. The field is public: any `u64` is a valid id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub u64);

// ANCHOR: message
/// An event ready to be routed.
///
/// The fields are private, so code outside this module cannot build a
/// `Message` with a struct literal: [`Message::new`] is the only way in, and
/// it refuses a message that would break a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: MessageId,
    aggregate: String,
    event_type: String,
}

impl Message {
    /// Checks the parts and builds the message.
    ///
    /// ```
    /// use m09_modules::{Error, Message, MessageId};
    ///
    /// assert_eq!(Message::new(MessageId(1), " ", "OrderPlaced"), Err(Error::EmptyAggregate));
    /// ```
    pub fn new(id: MessageId, aggregate: &str, event_type: &str) -> Result<Self, Error> {
        if aggregate.trim().is_empty() {
            return Err(Error::EmptyAggregate);
        }
        if !is_event_name(event_type) {
            return Err(Error::BadEventType(event_type.to_owned()));
        }
        Ok(Self {
            id,
            aggregate: aggregate.to_owned(),
            event_type: event_type.to_owned(),
        })
    }

    pub fn id(&self) -> MessageId {
        self.id
    }

    pub fn aggregate(&self) -> &str {
        &self.aggregate
    }

    pub fn event_type(&self) -> &str {
        &self.event_type
    }
}
// ANCHOR_END: message

/// `OrderPlaced`: an ASCII letter in upper case, then letters and digits.
fn is_event_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

// ANCHOR: error
/// Why a message was refused.
///
/// `#[non_exhaustive]`: a later release may add a reason without breaking
/// the callers, because their `match` must already have a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    EmptyAggregate,
    BadEventType(String),
}
// ANCHOR_END: error

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyAggregate => f.write_str("the aggregate id is empty"),
            Error::BadEventType(name) => {
                write!(
                    f,
                    "`{name}` is not an event name (expected CamelCase, like OrderPlaced)"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_camel_case_ascii() {
        assert!(is_event_name("OrderPlaced"));
        assert!(is_event_name("V2Shipped"));
        assert!(!is_event_name("orderPlaced"));
        assert!(!is_event_name("Order-Placed"));
        assert!(!is_event_name(""));
    }

    #[test]
    fn new_refuses_what_the_rules_forbid() {
        assert_eq!(
            Message::new(MessageId(1), "order-1", "order placed"),
            Err(Error::BadEventType("order placed".into()))
        );
        let message = Message::new(MessageId(1), "order-1", "OrderPlaced").expect("valid");
        assert_eq!(message.aggregate(), "order-1");
    }
}
