//! A list of routing-key hooks over the bridge's real `OutboxMessage`:
//! each hook may return a piece of the message it was given.
//!
//! Run with `cargo run -p m13-advanced-types --example hrtb_hooks`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

// ANCHOR: hooks
/// A hook looks at a message and may return a borrowed part of it. The
/// `for<'a>` says: for whichever message it is handed, the answer borrows
/// from that message (and from nothing shorter-lived).
type KeyHook = Box<dyn for<'a> Fn(&'a OutboxMessage) -> Option<&'a str> + Send + Sync>;

/// Picks a routing key for each message: the first hook that answers wins.
#[derive(Default)]
struct RoutingKeys {
    hooks: Vec<KeyHook>,
}

impl RoutingKeys {
    /// The bound is where closures passed here get their higher-ranked type.
    fn add<F>(&mut self, hook: F) -> &mut Self
    where
        F: for<'a> Fn(&'a OutboxMessage) -> Option<&'a str> + Send + Sync + 'static,
    {
        self.hooks.push(Box::new(hook));
        self
    }

    /// Borrows the key from `message`: no allocation per message.
    fn key_for<'m>(&self, message: &'m OutboxMessage) -> &'m str {
        self.hooks
            .iter()
            .find_map(|hook| hook(message))
            .unwrap_or(message.event_type.as_str())
    }
}
// ANCHOR_END: hooks

impl std::fmt::Debug for RoutingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoutingKeys")
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

fn message(id: i64, aggregate: &str, event_type: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("a valid aggregate id"),
        event_type: event_type.into(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
fn main() {
    let mut keys = RoutingKeys::default();
    keys.add(|m| m.event_type.strip_prefix("Internal."))
        .add(|m| {
            m.aggregate_id
                .as_str()
                .split_once('-')
                .map(|(kind, _)| kind)
        });

    let batch = [
        message(1, "order-7", "OrderPlaced"),
        message(2, "tenant42", "Internal.Audit"),
        message(3, "nodash", "AccountOpened"),
    ];
    for m in &batch {
        println!("{} -> {}", m.id, keys.key_for(m));
    }
    println!("{keys:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_hook_that_answers_wins_and_the_event_type_is_the_fallback() {
        let mut keys = RoutingKeys::default();
        keys.add(|m| {
            m.aggregate_id
                .as_str()
                .split_once('-')
                .map(|(kind, _)| kind)
        });
        assert_eq!(keys.key_for(&message(1, "order-1", "X")), "order");
        assert_eq!(keys.key_for(&message(2, "plain", "X")), "X");
    }

    #[test]
    fn keys_borrow_from_the_message() {
        let keys = RoutingKeys::default();
        let m = message(1, "order-1", "OrderPlaced");
        assert_eq!(keys.key_for(&m).as_ptr(), m.event_type.as_ptr());
    }
}
