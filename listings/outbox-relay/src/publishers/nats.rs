//! NATS JetStream through async-nats.
//!
//! Each message goes to `<subject_prefix>.<event_type>` with the header
//! `Nats-Msg-Id: outbox-<id>`: JetStream drops a second copy of the same id
//! inside the stream's duplicate window, so a retry after a lost ack does
//! not store the event twice. Publishes are pipelined: all of a batch is
//! sent, then the acks are awaited in order. The client reconnects by itself.

use async_nats::jetstream::{self, Context, context::PublishErrorKind, stream};
use async_nats::{HeaderMap, Subject};
use outbox_core::{OutboxMessage, PublishError, Publisher};
use std::time::Duration;
use tokio::time::Instant;

/// Where and how to publish.
#[derive(Debug, Clone)]
pub struct NatsConfig {
    /// `nats://host:4222`.
    pub url: String,
    /// The stream the bridge creates if it is missing.
    pub stream: String,
    /// Subjects are `<prefix>.<event type>`; the stream captures `<prefix>.>`.
    pub subject_prefix: String,
    /// How long to wait for JetStream's acks of a batch.
    pub ack_timeout: Duration,
}

impl NatsConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            stream: "OUTBOX".into(),
            subject_prefix: "outbox".into(),
            ack_timeout: Duration::from_secs(30),
        }
    }
}

/// Publishes to a JetStream stream.
#[derive(Debug)]
pub struct NatsPublisher {
    config: NatsConfig,
    jetstream: Context,
}

impl NatsPublisher {
    // ANCHOR: connect
    /// Connects and makes sure the stream exists, so a wrong URL is reported
    /// at start-up.
    pub async fn connect(config: NatsConfig) -> Result<Self, PublishError> {
        let client = async_nats::ConnectOptions::new()
            .retry_on_initial_connect()
            .max_reconnects(None)
            .connection_timeout(Duration::from_secs(5))
            .connect(config.url.as_str());
        // `retry_on_initial_connect` would wait forever for a wrong address;
        // give the first connection a deadline instead.
        let client = tokio::time::timeout(Duration::from_secs(10), client)
            .await
            .map_err(|_| {
                PublishError::Transient(format!("no NATS server answered at {}", config.url))
            })?
            .map_err(|e| {
                PublishError::Transient(format!("connecting to NATS at {}: {e}", config.url))
            })?;
        // async-nats lets 5000 acks be outstanding by default; a publish
        // beyond that waits until one of them is awaited. `publish` awaits a
        // batch's acks after sending all of it, so a batch (or lanes of
        // batches) over that limit would wait for itself forever. The relay
        // already bounds what is in flight, one batch: lift the client's
        // limit instead of stacking a second one on it.
        let jetstream = jetstream::ContextBuilder::new()
            .timeout(config.ack_timeout)
            .max_ack_inflight(tokio::sync::Semaphore::MAX_PERMITS)
            .build(client);
        jetstream
            .get_or_create_stream(stream::Config {
                name: config.stream.clone(),
                subjects: vec![format!("{}.>", config.subject_prefix)],
                duplicate_window: Duration::from_secs(120),
                ..Default::default()
            })
            .await
            .map_err(|e| {
                PublishError::Transient(format!("creating stream {}: {e}", config.stream))
            })?;
        Ok(Self { config, jetstream })
    }
    // ANCHOR_END: connect
}

// ANCHOR: headers
/// The subject a message goes to: `<prefix>.<event type>`.
pub fn subject(prefix: &str, message: &OutboxMessage) -> String {
    // NATS subject tokens may not contain spaces, dots or wildcards.
    let token: String = message
        .event_type
        .chars()
        .map(|c| {
            if c.is_whitespace() || matches!(c, '.' | '*' | '>') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{prefix}.{token}")
}

/// The headers of a message: `Nats-Msg-Id` for JetStream's duplicate
/// detection, and the aggregate for consumers.
pub fn headers(message: &OutboxMessage) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("Nats-Msg-Id", message.id.to_string().as_str());
    headers.insert("Outbox-Aggregate-Id", message.aggregate_id.as_str());
    headers
}
// ANCHOR_END: headers

// ANCHOR: classify
fn classify(kind: PublishErrorKind, detail: String) -> PublishError {
    match kind {
        // The server will never take a message this large: a poison message.
        PublishErrorKind::MaxPayloadExceeded => {
            PublishError::Rejected(format!("{detail} (NATS max_payload)"))
        }
        // No stream listens on the subject: configuration, not a hiccup, but
        // retrying keeps the message until an operator fixes it.
        PublishErrorKind::StreamNotFound => {
            PublishError::Transient(format!("no stream for the subject: {detail}"))
        }
        _ => PublishError::Transient(detail),
    }
}
// ANCHOR_END: classify

impl Publisher for NatsPublisher {
    fn name(&self) -> &str {
        "nats"
    }

    // ANCHOR: publish
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        // Send everything first; each send returns a future for its ack.
        let mut pending = Vec::with_capacity(batch.len());
        // Runs of one event type share a subject: build it once per run (a
        // `Subject` is reference-counted, so each clone is cheap).
        let mut current: Option<(&str, Subject)> = None;
        for message in batch {
            let subject = match &current {
                Some((event_type, subject)) if *event_type == message.event_type => subject.clone(),
                _ => {
                    let fresh = Subject::from(subject(&self.config.subject_prefix, message));
                    current = Some((&message.event_type, fresh.clone()));
                    fresh
                }
            };
            let sent = self
                .jetstream
                .publish_with_headers(subject, headers(message), message.payload.clone().into())
                .await;
            pending.push(sent);
        }
        // Then the acks, one after the other, in the order sent. JetStream
        // answers in that order, so while the first is awaited the rest
        // arrive, and each later await finds its ack already there: one poll,
        // where `join_all` would allocate a task per ack, arm a timer for
        // each and wake them one by one. The whole batch shares one deadline.
        let deadline = Instant::now() + self.config.ack_timeout;
        let mut results = Vec::with_capacity(pending.len());
        for sent in pending {
            results.push(match sent {
                Err(e) => Err(classify(e.kind(), e.to_string())),
                Ok(ack) => match tokio::time::timeout_at(deadline, ack).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(classify(e.kind(), e.to_string())),
                    Err(_) => Err(PublishError::Transient(format!(
                        "no ack within {:?}",
                        self.config.ack_timeout
                    ))),
                },
            });
        }
        results
    }
    // ANCHOR_END: publish
}
