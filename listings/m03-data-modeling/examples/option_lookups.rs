//! Lesson 03.4: `Option` in the relay: a message that may be gone, an event
//! version that may be missing, a batch slot that may be empty.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};
use std::collections::BTreeMap;

// ANCHOR: outbox
/// An in-memory outbox, enough to show lookups that can come back empty.
#[derive(Debug, Default)]
struct MemoryOutbox {
    messages: BTreeMap<MessageId, OutboxMessage>,
}

/// The error a caller gets when it insists on a message that is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NotFound(MessageId);

impl MemoryOutbox {
    /// `None` when the id is unknown or the row was already cleaned up.
    fn find(&self, id: MessageId) -> Option<&OutboxMessage> {
        self.messages.get(&id)
    }

    /// `map`: work on the message if there is one; `None` passes through.
    fn payload_len(&self, id: MessageId) -> Option<usize> {
        self.find(id).map(|message| message.payload.len())
    }

    /// `and_then`: each step may itself find nothing. `OrderPlaced.v2` → 2.
    fn event_version(&self, id: MessageId) -> Option<u32> {
        self.find(id)
            .and_then(|message| message.event_type.rsplit_once(".v"))
            .and_then(|(_, version)| version.parse().ok())
    }

    /// `?` on an Option: return `None` at once if the message is gone.
    fn next_in_aggregate(&self, id: MessageId) -> Option<MessageId> {
        let current = self.find(id)?;
        self.messages
            .values()
            .find(|m| m.id > id && m.aggregate_id == current.aggregate_id)
            .map(|m| m.id)
    }

    /// `ok_or`: turn "absent" into an error that says what was missing.
    fn require(&self, id: MessageId) -> Result<&OutboxMessage, NotFound> {
        self.find(id).ok_or(NotFound(id))
    }
}
// ANCHOR_END: outbox

// ANCHOR: slot
/// The relay holds at most one claimed batch, and may have a reply subject.
#[derive(Debug, Default)]
struct BatchSlot {
    claimed: Option<Vec<MessageId>>,
    reply_to: Option<String>,
}

impl BatchSlot {
    /// `as_ref`: look inside without taking (`&Option<Vec<_>>` → `Option<&Vec<_>>`).
    fn claimed_count(&self) -> usize {
        self.claimed.as_ref().map_or(0, |ids| ids.len())
    }

    /// `as_deref`: `&Option<String>` → `Option<&str>`, then a default.
    fn reply_subject(&self) -> &str {
        self.reply_to.as_deref().unwrap_or("outbox.replies")
    }

    /// `replace`: put a new batch in and get the previous one, if any, back.
    fn fill(&mut self, ids: Vec<MessageId>) -> Option<Vec<MessageId>> {
        self.claimed.replace(ids)
    }

    /// `take`: move the batch out and leave `None` behind.
    fn hand_over(&mut self) -> Option<Vec<MessageId>> {
        self.claimed.take()
    }
}
// ANCHOR_END: slot

fn message(id: i64, aggregate: &str, event_type: &str, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("the demo's aggregate ids are not empty"),
        event_type: event_type.to_string(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn demo_outbox() -> MemoryOutbox {
    let mut outbox = MemoryOutbox::default();
    for m in [
        message(1, "order-1", "OrderPlaced.v2", r#"{"total":1999}"#),
        message(2, "order-2", "OrderPlaced", "{}"),
        message(3, "order-1", "OrderPaid.v1", r#"{"paid":true}"#),
    ] {
        outbox.messages.insert(m.id, m);
    }
    outbox
}

fn main() {
    // ANCHOR: main
    let outbox = demo_outbox();
    let (known, gone) = (MessageId(1), MessageId(99));

    println!("payload of {known}: {:?}", outbox.payload_len(known));
    println!("payload of {gone}: {:?}", outbox.payload_len(gone));
    println!("or zero: {}", outbox.payload_len(gone).unwrap_or(0));
    println!(
        "versions: {:?} {:?}",
        outbox.event_version(known),
        outbox.event_version(MessageId(2))
    );
    println!(
        "after {known} in its aggregate: {:?}",
        outbox.next_in_aggregate(known)
    );
    println!(
        "require {gone}: {:?}",
        outbox.require(gone).map(|m| &m.event_type)
    );

    let mut slot = BatchSlot::default();
    println!(
        "empty slot: {} claimed, replies to {}",
        slot.claimed_count(),
        slot.reply_subject()
    );
    let previous = slot.fill(vec![MessageId(1), MessageId(3)]);
    println!(
        "filled (previous {previous:?}): {} claimed",
        slot.claimed_count()
    );
    let batch = slot.hand_over();
    println!("handed over {batch:?}; slot now {:?}", slot.claimed);
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_messages_give_none_not_a_crash() {
        let outbox = demo_outbox();
        assert_eq!(outbox.payload_len(MessageId(2)), Some(2));
        assert_eq!(outbox.payload_len(MessageId(7)), None);
        assert_eq!(outbox.next_in_aggregate(MessageId(3)), None);
        assert_eq!(outbox.next_in_aggregate(MessageId(7)), None);
        assert_eq!(outbox.require(MessageId(7)), Err(NotFound(MessageId(7))));
    }

    #[test]
    fn and_then_stops_at_the_first_missing_piece() {
        let outbox = demo_outbox();
        assert_eq!(outbox.event_version(MessageId(3)), Some(1));
        assert_eq!(outbox.event_version(MessageId(2)), None, "no .v suffix");
        assert_eq!(outbox.event_version(MessageId(9)), None, "no message");
    }

    #[test]
    fn take_leaves_none_and_replace_returns_the_old_value() {
        let mut slot = BatchSlot {
            claimed: None,
            reply_to: Some("replies.eu".into()),
        };
        assert_eq!(slot.reply_subject(), "replies.eu");
        assert_eq!(slot.fill(vec![MessageId(1)]), None);
        assert_eq!(slot.fill(vec![MessageId(2)]), Some(vec![MessageId(1)]));
        assert_eq!(slot.hand_over(), Some(vec![MessageId(2)]));
        assert_eq!(slot.hand_over(), None);
    }
}
