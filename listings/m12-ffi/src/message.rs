//! The checks the bridge runs on a message before it may enter the outbox
//! (`outbox_core::AggregateId::new` and `NewMessage::new`), in a form every
//! binding can call: plain `&str` and `&[u8]` in, a plain result out.

use std::fmt;

// ANCHOR: check
/// Longest aggregate id the bridge accepts (`outbox_core::AggregateId::MAX_LEN`).
pub const MAX_AGGREGATE_ID: usize = 200;
/// Largest payload the bridge accepts (`outbox_core::NewMessage::MAX_PAYLOAD`).
pub const MAX_PAYLOAD: usize = 1024 * 1024;

/// Why a message cannot enter the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    EmptyAggregateId,
    AggregateIdTooLong { len: usize },
    EmptyEventType,
    PayloadTooLarge { len: usize },
}

/// What a valid message's producer stores beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// CRC-32C of the payload, for a consumer to verify.
    pub checksum: u32,
    /// The payload's length in bytes.
    pub len: usize,
}

/// Checks a message the way the bridge will, and checksums its payload.
pub fn check(aggregate_id: &str, event_type: &str, payload: &[u8]) -> Result<Checked, Invalid> {
    if aggregate_id.trim().is_empty() {
        return Err(Invalid::EmptyAggregateId);
    }
    if aggregate_id.len() > MAX_AGGREGATE_ID {
        return Err(Invalid::AggregateIdTooLong {
            len: aggregate_id.len(),
        });
    }
    if event_type.trim().is_empty() {
        return Err(Invalid::EmptyEventType);
    }
    if payload.len() > MAX_PAYLOAD {
        return Err(Invalid::PayloadTooLarge { len: payload.len() });
    }
    Ok(Checked {
        checksum: crate::crc32c(payload),
        len: payload.len(),
    })
}
// ANCHOR_END: check

impl Invalid {
    /// A stable number for each reason, for languages that see only integers
    /// (the C ABI returns it; 0 means valid).
    pub fn code(self) -> i32 {
        match self {
            Invalid::EmptyAggregateId => 1,
            Invalid::AggregateIdTooLong { .. } => 2,
            Invalid::EmptyEventType => 3,
            Invalid::PayloadTooLarge { .. } => 4,
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::EmptyAggregateId => f.write_str("the aggregate id is empty"),
            Invalid::AggregateIdTooLong { len } => write!(
                f,
                "the aggregate id is {len} bytes long; the limit is {MAX_AGGREGATE_ID}"
            ),
            Invalid::EmptyEventType => f.write_str("the event type is empty"),
            Invalid::PayloadTooLarge { len } => {
                write!(f, "the payload is {len} bytes; the limit is {MAX_PAYLOAD}")
            }
        }
    }
}

impl std::error::Error for Invalid {}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{AggregateId, InvalidMessage, NewMessage};

    /// What the bridge itself says about the same message.
    fn bridge_says(
        aggregate: &str,
        event_type: &str,
        payload: &[u8],
    ) -> Result<(), InvalidMessage> {
        let id = AggregateId::new(aggregate)?;
        NewMessage::new(id, event_type, payload.to_vec()).map(|_| ())
    }

    #[test]
    fn agrees_with_the_bridge_and_gives_the_same_reasons() {
        let long_id = "a".repeat(MAX_AGGREGATE_ID + 1);
        let big = vec![0u8; MAX_PAYLOAD + 1];
        let edge = vec![7u8; MAX_PAYLOAD];
        let cases: [(&str, &str, &[u8]); 8] = [
            ("order-1", "order.placed", b"{}"),
            ("", "order.placed", b"{}"),
            ("  \t", "order.placed", b"{}"),
            (&long_id, "order.placed", b"{}"),
            (&long_id[1..], "order.placed", b"{}"),
            ("order-1", " ", b"{}"),
            ("order-1", "order.placed", &big),
            ("order-1", "order.placed", &edge),
        ];
        for (aggregate, event_type, payload) in cases {
            let ours = check(aggregate, event_type, payload);
            let bridge = bridge_says(aggregate, event_type, payload);
            match (&ours, &bridge) {
                (Ok(_), Ok(())) => {}
                (Err(e), Err(b)) => assert_eq!(e.to_string(), b.to_string()),
                _ => panic!("{aggregate:?}/{event_type:?}: we say {ours:?}, the bridge {bridge:?}"),
            }
        }
    }

    #[test]
    fn a_valid_message_carries_its_checksum() {
        let checked = check("order-1", "order.placed", b"123456789");
        assert_eq!(
            checked,
            Ok(Checked {
                checksum: 0xE306_9283,
                len: 9
            })
        );
    }
}
