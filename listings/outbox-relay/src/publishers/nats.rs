//! NATS JetStream through async-nats.
//!
//! Each message goes to the subject its template names (`outbox.{type}` by
//! default, e.g. `outbox.OrderPlaced`) with the header
//! `Nats-Msg-Id: <event id>`, a UUIDv7 unique across outboxes: JetStream
//! drops a second copy of the same id inside the stream's duplicate window,
//! so a retry after a lost ack does not store the event twice (and says so:
//! the ack's `duplicate` flag, counted in the metrics). Publishes are pipelined: all of a batch is
//! sent, then the acks are awaited in order. The client reconnects by itself;
//! while it cannot, publishes fail as [`PublishError::Unavailable`], which
//! costs no message an attempt.

use super::envelope::{Template, cloudevents, continue_trace, finish_spans};
use crate::metrics::Metrics;
use async_nats::jetstream::{self, Context, context::PublishErrorKind, stream};
use async_nats::{HeaderMap, Subject};
use outbox_core::{AggregateId, DEFAULT_CONTENT_TYPE, OutboxMessage, PublishError, Publisher};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Where and how to publish.
#[derive(Debug, Clone)]
pub struct NatsConfig {
    /// `nats://host:4222`.
    pub url: String,
    /// The stream the bridge creates if it is missing.
    pub stream: String,
    /// The subject of each message, e.g. `orders.{type}.{aggregate}`; the
    /// stream, if the bridge creates it, captures the template's wildcard
    /// (`orders.*.*`).
    pub subject: Template,
    /// How long to wait for JetStream's acks of a batch.
    pub ack_timeout: Duration,
    /// A CA certificate (PEM file) to trust besides the system's; setting
    /// it also requires TLS, as a `tls://` URL does.
    pub tls_ca_file: Option<PathBuf>,
    /// A NATS credentials file (a user JWT and its NKey seed), for servers
    /// with decentralized authentication.
    pub credentials_file: Option<PathBuf>,
    /// A file holding an NKey seed (`SU…`), for servers that list users by
    /// their public NKey.
    pub nkey_seed_file: Option<PathBuf>,
    /// When set, each message also carries its CloudEvents attributes
    /// (binary mode), with this as `ce-source`.
    pub cloudevents_source: Option<String>,
}

impl NatsConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            stream: "OUTBOX".into(),
            subject: Template::parse("outbox.{type}").expect("a valid template"),
            ack_timeout: Duration::from_secs(30),
            tls_ca_file: None,
            credentials_file: None,
            nkey_seed_file: None,
            cloudevents_source: None,
        }
    }
}

/// Publishes to a JetStream stream.
#[derive(Debug)]
pub struct NatsPublisher {
    config: NatsConfig,
    /// The connection, for its state: it reconnects by itself.
    client: async_nats::Client,
    jetstream: Context,
    /// Where duplicate acks are counted.
    metrics: Arc<Metrics>,
}

impl NatsPublisher {
    // ANCHOR: connect
    /// Connects and makes sure the stream exists, so a wrong URL is reported
    /// at start-up.
    pub async fn connect(config: NatsConfig) -> Result<Self, PublishError> {
        // No `retry_on_initial_connect`: with it, `connect` returns at once
        // and a wrong address (or a server without TLS) surfaces only as a
        // request timeout later. Without it the first connection's real
        // error is reported at start-up; after that the client reconnects
        // for ever.
        let mut options = async_nats::ConnectOptions::new()
            .max_reconnects(None)
            .connection_timeout(Duration::from_secs(5));
        if let Some(ca) = &config.tls_ca_file {
            options = options.add_root_certificates(ca.clone()).require_tls(true);
        }
        if config.url.starts_with("tls://") {
            options = options.require_tls(true);
        }
        // Secrets come from files; an error names the file and what went
        // wrong, never what is in it.
        if let Some(creds) = &config.credentials_file {
            options = options.credentials_file(creds).await.map_err(|e| {
                PublishError::Unavailable(format!(
                    "reading NATS credentials from {}: {}",
                    creds.display(),
                    e.kind()
                ))
            })?;
        }
        if let Some(path) = &config.nkey_seed_file {
            let seed = std::fs::read_to_string(path).map_err(|e| {
                PublishError::Unavailable(format!(
                    "reading the NKey seed from {}: {}",
                    path.display(),
                    e.kind()
                ))
            })?;
            options = options.nkey(seed.trim().to_owned());
        }
        let client = options.connect(config.url.as_str());
        // A deadline for the whole first connection, DNS and TLS included.
        // The URL in a message is redacted: it may hold a token or password.
        let shown = outbox_core::redact_url(&config.url);
        let client = tokio::time::timeout(Duration::from_secs(10), client)
            .await
            .map_err(|_| PublishError::Unavailable(format!("no NATS server answered at {shown}")))?
            .map_err(|e| {
                PublishError::Unavailable(format!("connecting to NATS at {shown}: {e}"))
            })?;
        // async-nats lets 5000 acks be outstanding by default; a publish
        // beyond that waits until one of them is awaited. `publish` awaits a
        // batch's acks after sending all of it, so a batch (or lanes of
        // batches) over that limit would wait for itself forever. The relay
        // already bounds what is in flight, one batch: lift the client's
        // limit instead of stacking a second one on it.
        let connection = client.clone();
        let jetstream = jetstream::ContextBuilder::new()
            .timeout(config.ack_timeout)
            .max_ack_inflight(tokio::sync::Semaphore::MAX_PERMITS)
            .build(client);
        jetstream
            .get_or_create_stream(stream::Config {
                name: config.stream.clone(),
                subjects: vec![config.subject.wildcard()],
                duplicate_window: Duration::from_secs(120),
                ..Default::default()
            })
            .await
            .map_err(|e| {
                PublishError::Unavailable(format!("creating stream {}: {e}", config.stream))
            })?;
        Ok(Self {
            config,
            client: connection,
            jetstream,
            metrics: Arc::default(),
        })
    }
    // ANCHOR_END: connect

    /// Counts duplicate acks in `metrics` (the relay's, in the binary).
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }
}

// ANCHOR: headers
/// The subject a message goes to. NATS subject tokens may not contain
/// spaces, dots or wildcards: in a placeholder's value they become `_`.
pub fn subject(template: &Template, message: &OutboxMessage) -> String {
    template.render(message, |value| {
        value
            .chars()
            .map(|c| {
                if c.is_whitespace() || matches!(c, '.' | '*' | '>') {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    })
}

/// The headers of a message: `Nats-Msg-Id` (its event id, a UUIDv7) for
/// JetStream's duplicate detection, its content type, its aggregate and
/// outbox row id, the application's headers (the trace context continued
/// by `traceparent`, when there is one) and, if `cloudevents_source` is
/// set, its CloudEvents attributes.
pub fn headers(
    message: &OutboxMessage,
    traceparent: Option<&str>,
    cloudevents_source: Option<&str>,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("Nats-Msg-Id", message.event_id.to_string().as_str());
    let content_type = message
        .content_type
        .as_deref()
        .unwrap_or(DEFAULT_CONTENT_TYPE);
    headers.insert("Content-Type", content_type);
    headers.insert("Outbox-Aggregate-Id", message.aggregate_id.as_str());
    headers.insert("Outbox-Id", message.id.0.to_string().as_str());
    for (name, value) in message.headers.iter() {
        headers.insert(name, value);
    }
    if let Some(traceparent) = traceparent {
        headers.insert("traceparent", traceparent);
    }
    if let Some(source) = cloudevents_source {
        for (name, value) in cloudevents(message, source) {
            headers.insert(name, value.as_str());
        }
    }
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
        // No stream listens on the subject (no responders): the stream is
        // missing, not the message wrong. Wait for it; count no attempt.
        PublishErrorKind::StreamNotFound => {
            PublishError::Unavailable(format!("no stream for the subject: {detail}"))
        }
        // The connection is down or the server did not answer in time.
        PublishErrorKind::TimedOut
        | PublishErrorKind::BrokenPipe
        | PublishErrorKind::MaxAckPending => PublishError::Unavailable(detail),
        // The server answered with an error for this message (a full stream
        // that discards new messages, say): an attempt that counts.
        _ => PublishError::Transient(detail),
    }
}
// ANCHOR_END: classify

impl Publisher for NatsPublisher {
    fn name(&self) -> &str {
        "nats"
    }

    /// Ready while the client is connected (it reconnects by itself).
    async fn check(&self) -> Result<(), PublishError> {
        match self.client.connection_state() {
            async_nats::connection::State::Connected => Ok(()),
            state => Err(PublishError::Unavailable(format!("NATS is {state}"))),
        }
    }

    // ANCHOR: publish
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        // Send everything first; each send returns a future for its ack.
        let mut pending = Vec::with_capacity(batch.len());
        // Aggregates with a message the client refused to send (too large,
        // say): their later messages are not sent, or they would reach the
        // stream ahead of it.
        let mut refused: HashSet<&AggregateId> = HashSet::new();
        // Runs of one event type share a subject when the template names no
        // aggregate: build it once per run (a `Subject` is reference-counted,
        // so each clone is cheap).
        let per_type = !self.config.subject.uses_aggregate();
        let mut current: Option<(&str, Subject)> = None;
        let source = self.config.cloudevents_source.as_deref();
        // The `publish` spans of traced messages, open until their acks.
        let mut spans = Vec::new();
        for message in batch {
            if refused.contains(&message.aggregate_id) {
                pending.push(Err(PublishError::Transient(
                    "not sent: an earlier message of its aggregate failed".into(),
                )));
                spans.push(None);
                continue;
            }
            let subject = match &current {
                Some((event_type, subject)) if per_type && *event_type == message.event_type => {
                    subject.clone()
                }
                _ => {
                    let fresh = Subject::from(subject(&self.config.subject, message));
                    current = Some((&message.event_type, fresh.clone()));
                    fresh
                }
            };
            let trace = continue_trace(message);
            let traceparent = trace.as_ref().map(|(_, parent)| parent.as_str());
            let headers = headers(message, traceparent, source);
            spans.push(trace.map(|(span, _)| span));
            let sent = self
                .jetstream
                .publish_with_headers(subject, headers, message.payload.clone().into())
                .await
                .map_err(|e| classify(e.kind(), e.to_string()));
            if sent.is_err() {
                refused.insert(&message.aggregate_id);
            }
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
                Err(e) => Err(e),
                Ok(ack) => match tokio::time::timeout_at(deadline, ack).await {
                    Ok(Ok(ack)) => {
                        if ack.duplicate {
                            // The stream already holds this message id: an
                            // earlier attempt got through and its ack was
                            // lost. Delivered, once; count it.
                            Metrics::add(&self.metrics.duplicate_acks, 1);
                        }
                        Ok(())
                    }
                    Ok(Err(e)) => Err(classify(e.kind(), e.to_string())),
                    Err(_) => Err(PublishError::Unavailable(format!(
                        "no ack within {:?}",
                        self.config.ack_timeout
                    ))),
                },
            });
        }
        finish_spans(spans, &results);
        results
    }
    // ANCHOR_END: publish
}
