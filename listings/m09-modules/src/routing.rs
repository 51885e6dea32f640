//! Where a message is published.

mod naming;

// ANCHOR: routing
use crate::message::Message;

/// The first part of every subject. `pub(crate)`: the whole crate may use
/// it (the wire format does), but it is not part of the public API.
pub(crate) const PREFIX: &str = "events";

/// Where one message is published: `events.<event type in snake_case>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    subject: String,
}

impl Route {
    pub fn for_message(message: &Message) -> Self {
        Self {
            subject: format!("{PREFIX}.{}", naming::snake_case(message.event_type())),
        }
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }
}
// ANCHOR_END: routing
