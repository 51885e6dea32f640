//! The default sink: one JSON object per line, for a first run with nothing
//! installed, for piping into `jq`, and for tests.

use outbox_core::{OutboxMessage, PublishError, Publisher};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Mutex;

/// Writes each message as a JSON line to a writer (standard output by default).
#[derive(Debug)]
pub struct StdoutPublisher<W: Write + Send = std::io::Stdout> {
    out: Mutex<W>,
}

impl StdoutPublisher {
    pub fn new() -> Self {
        Self::to_writer(std::io::stdout())
    }
}

impl Default for StdoutPublisher {
    fn default() -> Self {
        Self::new()
    }
}

impl<W: Write + Send> StdoutPublisher<W> {
    pub fn to_writer(out: W) -> Self {
        Self {
            out: Mutex::new(out),
        }
    }

    /// The writer back, e.g. a `Vec<u8>` in tests.
    pub fn into_inner(self) -> W {
        self.out
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

// ANCHOR: json_line
/// The JSON line for one message. A JSON payload is embedded as JSON; any
/// other UTF-8 as a string; anything else as hex, so no byte is lost.
pub fn json_line(message: &OutboxMessage) -> Value {
    let mut line = json!({
        "id": message.id.to_string(),
        "event_id": message.event_id.to_string(),
        "aggregate_id": message.aggregate_id.as_str(),
        "event_type": message.event_type,
        "attempt": message.attempts + 1,
    });
    match std::str::from_utf8(&message.payload) {
        Ok(text) => {
            line["payload"] =
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
        }
        Err(_) => {
            let hex: String = message.payload.iter().map(|b| format!("{b:02x}")).collect();
            line["payload_hex"] = Value::String(hex);
        }
    }
    line
}
// ANCHOR_END: json_line

impl<W: Write + Send> Publisher for StdoutPublisher<W> {
    fn name(&self) -> &str {
        "stdout"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let mut out = self
            .out
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let written: std::io::Result<()> = batch
            .iter()
            .try_for_each(|m| writeln!(out, "{}", json_line(m)))
            .and_then(|()| out.flush());
        // A closed pipe (`| head`) is an outage from the outbox's point of
        // view: the messages stay in the outbox, no attempt counted.
        let outcome =
            written.map_err(|e| PublishError::Unavailable(format!("writing to stdout: {e}")));
        batch.iter().map(|_| outcome.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{AggregateId, MessageId, UnixMillis};

    fn message(id: i64, payload: &[u8]) -> OutboxMessage {
        OutboxMessage {
            // The nil UUID, so the expected lines are fixed.
            event_id: outbox_core::EventId(Default::default()),
            id: MessageId(id),
            aggregate_id: AggregateId::new("order-7").expect("valid"),
            event_type: "OrderPlaced".into(),
            payload: payload.to_vec(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        }
    }

    #[tokio::test]
    async fn writes_one_json_line_per_message() {
        let publisher = StdoutPublisher::to_writer(Vec::new());
        let results = publisher
            .publish(&[message(1, br#"{"total":42}"#), message(2, &[0xff, 0x00])])
            .await;
        assert_eq!(results, [Ok(()), Ok(())]);
        let text = String::from_utf8(publisher.into_inner()).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                r#"{"aggregate_id":"order-7","attempt":1,"event_id":"00000000-0000-0000-0000-000000000000","event_type":"OrderPlaced","id":"outbox-1","payload":{"total":42}}"#,
                r#"{"aggregate_id":"order-7","attempt":1,"event_id":"00000000-0000-0000-0000-000000000000","event_type":"OrderPlaced","id":"outbox-2","payload_hex":"ff00"}"#,
            ]
        );
    }
}
