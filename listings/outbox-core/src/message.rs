//! What travels through the outbox.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Identifies one outbox row. The database assigns it, in insertion order,
/// so for one aggregate a larger id always means a later event: the relay
/// orders, leases and records by it. It is local to one database, so it is
/// not what brokers see; that is the message's [`EventId`].
// ANCHOR: message_id
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub i64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "outbox-{}", self.0)
    }
}
// ANCHOR_END: message_id

/// The id brokers and consumers see (AMQP `message_id`, JetStream
/// `Nats-Msg-Id`): a UUIDv7 given to the message once, when it is written.
/// Two services can share a stream, and a database can be restored from a
/// backup, without two different events ever carrying the same id; a retry
/// of one event always carries its own. (A row id such as `outbox-42` is
/// unique only inside one database: a second outbox's message 42 would be
/// dropped by JetStream as a duplicate of the first's.)
// ANCHOR: event_id
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub uuid::Uuid);

impl EventId {
    /// A fresh id: 48 bits of Unix milliseconds, then random bits.
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7())
    }
}

impl Default for EventId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}
// ANCHOR_END: event_id

/// The entity an event belongs to (an order id, an account id). Events of one
/// aggregate are delivered in the order they were written; events of
/// different aggregates may overtake each other.
// ANCHOR: aggregate_id
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AggregateId(String);

impl AggregateId {
    /// Longest id accepted; it becomes part of broker routing and headers.
    pub const MAX_LEN: usize = 200;

    /// Checks the id once, here, so every other part of the bridge can rely on it.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidMessage> {
        let id = id.into();
        if id.trim().is_empty() {
            return Err(InvalidMessage::EmptyAggregateId);
        }
        if id.len() > Self::MAX_LEN {
            return Err(InvalidMessage::AggregateIdTooLong { len: id.len() });
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
// ANCHOR_END: aggregate_id

impl fmt::Display for AggregateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Milliseconds since the Unix epoch: how the stores keep time, because
/// SQLite and PostgreSQL both compare integers quickly and exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    pub fn now() -> Self {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Self(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    /// This instant plus `delay`, saturating instead of overflowing.
    pub fn after(self, delay: Duration) -> Self {
        let delay = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_add(delay))
    }
}

/// Why a message cannot enter the outbox.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidMessage {
    #[error("the aggregate id is empty")]
    EmptyAggregateId,
    #[error("the aggregate id is {len} bytes long; the limit is {max}", max = AggregateId::MAX_LEN)]
    AggregateIdTooLong { len: usize },
    #[error("the event type is empty")]
    EmptyEventType,
    #[error("the payload is {len} bytes; the limit is {max}", max = NewMessage::MAX_PAYLOAD)]
    PayloadTooLarge { len: usize },
    #[error("{content_type:?} is not a content type like application/json")]
    InvalidContentType { content_type: String },
    #[error("header name {name:?} is not 1 to {max} letters, digits or -_.", max = Headers::MAX_NAME)]
    InvalidHeaderName { name: String },
    #[error("header name {name:?} is reserved for the bridge")]
    ReservedHeader { name: String },
    #[error("the value of header {name:?} has a control character or is over {max} bytes", max = Headers::MAX_VALUE)]
    InvalidHeaderValue { name: String },
    #[error("a message may carry at most {max} headers", max = Headers::MAX_COUNT)]
    TooManyHeaders,
}

/// The content type of a message whose producer named none.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

// ANCHOR: headers
/// Application headers a message carries to its consumers, as AMQP headers
/// or NATS headers: a W3C `traceparent`, a tenant, a schema version. Checked
/// when they are set, so every broker can carry every header the outbox
/// holds (a line break would end a NATS header; a colon would split it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers(BTreeMap<String, String>);

impl Headers {
    pub const MAX_COUNT: usize = 64;
    pub const MAX_NAME: usize = 128;
    pub const MAX_VALUE: usize = 4096;
    /// Prefixes of the headers the bridge writes itself (compared without case).
    pub const RESERVED: [&str; 5] = ["nats-", "outbox-", "outbox_", "ce-", "aggregate_id"];

    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a header, replacing one of the same name.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), InvalidMessage> {
        let (name, value) = (name.into(), value.into());
        let valid_name = !name.is_empty()
            && name.len() <= Self::MAX_NAME
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid_name {
            return Err(InvalidMessage::InvalidHeaderName { name });
        }
        let lower = name.to_ascii_lowercase();
        if Self::RESERVED.iter().any(|r| lower.starts_with(r)) {
            return Err(InvalidMessage::ReservedHeader { name });
        }
        if value.len() > Self::MAX_VALUE || value.chars().any(char::is_control) {
            return Err(InvalidMessage::InvalidHeaderValue { name });
        }
        if self.0.len() >= Self::MAX_COUNT && !self.0.contains_key(&name) {
            return Err(InvalidMessage::TooManyHeaders);
        }
        self.0.insert(name, value);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The headers in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
// ANCHOR_END: headers

/// Checks a content type: `type/subtype`, printable ASCII, at most 255
/// bytes (AMQP's limit for the property).
pub fn check_content_type(content_type: &str) -> Result<(), InvalidMessage> {
    let valid = content_type.len() <= 255
        && content_type
            .split_once('/')
            .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty())
        && content_type
            .bytes()
            .all(|b| b.is_ascii_graphic() || b == b' ');
    if valid {
        Ok(())
    } else {
        Err(InvalidMessage::InvalidContentType {
            content_type: content_type.to_owned(),
        })
    }
}

/// An event an application wants to publish, before the outbox stores it.
// ANCHOR: new_message
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Given here, before the transaction commits, so the application can
    /// log or return it; the outbox stores it with the message.
    pub event_id: EventId,
    pub aggregate_id: AggregateId,
    pub event_type: String,
    pub payload: Vec<u8>,
    /// The payload's media type; `None` is [`DEFAULT_CONTENT_TYPE`].
    pub content_type: Option<String>,
    pub headers: Headers,
}

impl NewMessage {
    /// Largest payload accepted (brokers default to limits of this order).
    pub const MAX_PAYLOAD: usize = 1024 * 1024;

    pub fn new(
        aggregate_id: AggregateId,
        event_type: impl Into<String>,
        payload: impl Into<Vec<u8>>,
    ) -> Result<Self, InvalidMessage> {
        let event_type = event_type.into();
        let payload = payload.into();
        if event_type.trim().is_empty() {
            return Err(InvalidMessage::EmptyEventType);
        }
        if payload.len() > Self::MAX_PAYLOAD {
            return Err(InvalidMessage::PayloadTooLarge { len: payload.len() });
        }
        Ok(Self {
            event_id: EventId::new(),
            aggregate_id,
            event_type,
            payload,
            content_type: None,
            headers: Headers::new(),
        })
    }

    /// The payload's media type, when it is not JSON.
    pub fn with_content_type(mut self, content_type: &str) -> Result<Self, InvalidMessage> {
        check_content_type(content_type)?;
        self.content_type = Some(content_type.to_owned());
        Ok(self)
    }

    /// Adds a header for the consumers.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, InvalidMessage> {
        self.headers.insert(name, value)?;
        Ok(self)
    }
}
// ANCHOR_END: new_message

/// A stored message, as the relay claims it.
// ANCHOR: outbox_message
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: MessageId,
    pub event_id: EventId,
    pub aggregate_id: AggregateId,
    pub event_type: String,
    pub payload: Vec<u8>,
    /// The payload's media type; `None` is [`DEFAULT_CONTENT_TYPE`].
    pub content_type: Option<String>,
    pub headers: Headers,
    /// Publish attempts that failed so far.
    pub attempts: u32,
    pub created_at: UnixMillis,
}
// ANCHOR_END: outbox_message

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_ids_are_checked_once() {
        assert_eq!(AggregateId::new(" "), Err(InvalidMessage::EmptyAggregateId));
        assert_eq!(
            AggregateId::new("x".repeat(201)),
            Err(InvalidMessage::AggregateIdTooLong { len: 201 })
        );
        assert_eq!(
            AggregateId::new("order-42").map(|a| a.to_string()),
            Ok("order-42".into())
        );
    }

    #[test]
    fn new_messages_reject_bad_input_with_a_clear_reason() {
        let order = AggregateId::new("order-1").expect("valid");
        let err = NewMessage::new(order.clone(), "", "{}").expect_err("empty type");
        assert_eq!(err.to_string(), "the event type is empty");
        let err = NewMessage::new(order, "OrderPlaced", vec![0; NewMessage::MAX_PAYLOAD + 1])
            .expect_err("too large");
        assert_eq!(
            err.to_string(),
            "the payload is 1048577 bytes; the limit is 1048576"
        );
    }

    #[test]
    fn headers_and_content_types_are_checked_when_set() {
        let order = AggregateId::new("order-1").expect("valid");
        let message = NewMessage::new(order, "OrderPlaced", "<order/>")
            .and_then(|m| m.with_content_type("application/xml"))
            .and_then(|m| m.with_header("tenant", "acme"))
            .expect("valid");
        assert_eq!(message.content_type.as_deref(), Some("application/xml"));
        assert_eq!(message.headers.get("tenant"), Some("acme"));
        let mut headers = Headers::new();
        let errors = [
            headers.insert("bad name", "x"),
            headers.insert("Nats-Msg-Id", "x"),
            headers.insert("ce-id", "x"),
            headers.insert("tenant", "a\r\nNats-Msg-Id: forged"),
        ];
        let shown: Vec<String> = errors
            .into_iter()
            .map(|e| e.expect_err("refused").to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "header name \"bad name\" is not 1 to 128 letters, digits or -_.",
                "header name \"Nats-Msg-Id\" is reserved for the bridge",
                "header name \"ce-id\" is reserved for the bridge",
                "the value of header \"tenant\" has a control character or is over 4096 bytes",
            ]
        );
        assert_eq!(
            check_content_type("json")
                .expect_err("no subtype")
                .to_string(),
            "\"json\" is not a content type like application/json"
        );
        for i in 0..Headers::MAX_COUNT {
            headers
                .insert(format!("h{i}"), "v")
                .expect("within the limit");
        }
        assert_eq!(
            headers.insert("one-more", "v"),
            Err(InvalidMessage::TooManyHeaders)
        );
    }

    #[test]
    fn message_ids_display_as_broker_message_ids() {
        assert_eq!(MessageId(42).to_string(), "outbox-42");
    }

    #[test]
    fn event_ids_are_unique_version_7_uuids_in_time_order() {
        let (a, b) = (EventId::new(), EventId::new());
        assert_ne!(a, b);
        assert_eq!(a.0.get_version_num(), 7);
        assert!(a < b, "generated later sorts later");
        assert_eq!(a.to_string().len(), 36);
    }

    #[test]
    fn time_arithmetic_saturates() {
        assert_eq!(
            UnixMillis(1_000).after(Duration::from_millis(250)),
            UnixMillis(1_250)
        );
        assert_eq!(
            UnixMillis(i64::MAX - 1).after(Duration::from_secs(5)),
            UnixMillis(i64::MAX)
        );
    }
}
