//! RabbitMQ through lapin, with publisher confirms.
//!
//! Every message is persistent (delivery mode 2) and carries its event id
//! (a UUIDv7) as its AMQP `message_id`, so consumers can drop the duplicates that
//! at-least-once delivery allows. A batch is pipelined: all publishes are
//! issued, then all confirms awaited, which is several times faster than
//! waiting for each confirm in turn. A broken connection is reopened on the
//! next batch. A batch that could not reach the broker comes back as
//! [`PublishError::Unavailable`]: the relay waits for the broker and counts
//! no attempt, so nothing is lost and no outage dead-letters anything.

use super::envelope::{Template, cloudevents, continue_trace, finish_spans};
use futures::future::join_all;
use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions, QueueDeclareOptions,
};
use lapin::protocol::{AMQPErrorKind, AMQPSoftError};
use lapin::tcp::OwnedTLSConfig;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{
    BasicProperties, Channel, Confirmation, Connection, ConnectionProperties,
    DefaultConnectionBuilder, ErrorKind, ExchangeKind,
};
use outbox_core::{AggregateId, DEFAULT_CONTENT_TYPE, OutboxMessage, PublishError, Publisher};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;

/// The kind of queue the bridge declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueKind {
    /// A durable classic queue.
    Classic,
    /// A replicated quorum queue (RabbitMQ ≥ 3.8).
    Quorum,
}

// ANCHOR: exchange
/// The kinds of exchange the bridge can publish to. The exchange decides
/// which queues get a message from its routing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    /// The key must equal a binding's key.
    Direct,
    /// Dot-separated words matched against patterns: `orders.*`, `#.Placed`.
    Topic,
    /// Every bound queue gets every message.
    Fanout,
    /// The `x-consistent-hash` plugin: each bound queue gets a share of the
    /// keys, and one key always goes to the same queue. With the aggregate
    /// in the key, several consumers split the load and each aggregate
    /// stays in order on one of them.
    ConsistentHash,
}

impl Exchange {
    /// The kind lapin declares.
    pub fn kind(self) -> ExchangeKind {
        match self {
            Exchange::Direct => ExchangeKind::Direct,
            Exchange::Topic => ExchangeKind::Topic,
            Exchange::Fanout => ExchangeKind::Fanout,
            Exchange::ConsistentHash => ExchangeKind::Custom("x-consistent-hash".into()),
        }
    }
}
// ANCHOR_END: exchange

/// Where and how to publish.
#[derive(Debug, Clone)]
pub struct RabbitConfig {
    /// `amqp://user:pass@host:5672/vhost` (or `amqps://`).
    pub url: String,
    /// The exchange to publish to, declared (durable) at start-up if it is
    /// missing; empty means the default exchange, which routes by queue
    /// name. Queues and bindings belong to the consumers.
    pub exchange: String,
    pub exchange_kind: Exchange,
    /// The routing key of each message, e.g. `orders.{type}`. With the
    /// default exchange it is the name of the queue, declared at start-up.
    pub routing_key: Template,
    pub queue_kind: QueueKind,
    /// How long to wait for the broker's confirms of a batch.
    pub confirm_timeout: Duration,
    /// Connections kept open; concurrent batches (the relay's lanes) take
    /// them in turn, so they publish in parallel without interleaving.
    pub connections: usize,
    /// Extra CA certificates (PEM) to trust for `amqps://`, besides the
    /// system's: a private CA, or a test's throwaway one.
    pub tls_ca_pem: Option<String>,
    /// When set, each message also carries its CloudEvents attributes
    /// (binary mode), with this as `ce-source`.
    pub cloudevents_source: Option<String>,
}

impl RabbitConfig {
    /// Publishes to one queue through the default exchange.
    pub fn new(url: impl Into<String>, queue: &str) -> Self {
        Self {
            url: url.into(),
            exchange: String::new(),
            exchange_kind: Exchange::Direct,
            routing_key: Template::literal(queue),
            queue_kind: QueueKind::Classic,
            confirm_timeout: Duration::from_secs(30),
            connections: 1,
            tls_ca_pem: None,
            cloudevents_source: None,
        }
    }

    /// Publishes to `exchange`, with a routing key made by `routing_key`.
    pub fn through_exchange(
        url: impl Into<String>,
        exchange: &str,
        kind: Exchange,
        routing_key: Template,
    ) -> Self {
        Self {
            exchange: exchange.to_owned(),
            exchange_kind: kind,
            routing_key,
            ..Self::new(url, "")
        }
    }
}

// ANCHOR: link
/// Publishes to RabbitMQ; reconnects when a connection is gone.
#[derive(Debug)]
pub struct RabbitPublisher {
    config: RabbitConfig,
    /// One slot per connection; a batch holds its slot while its messages
    /// are written, so they reach the queue in order, and not while it
    /// waits for their confirms.
    slots: Vec<Mutex<Option<Link>>>,
    next: AtomicUsize,
}

/// An open connection and its confirm-mode channel.
#[derive(Debug)]
struct Link {
    // Kept so the connection lives as long as the channel.
    _connection: Connection,
    channel: Channel,
}
// ANCHOR_END: link

impl RabbitPublisher {
    /// Connects once, so a wrong URL or a missing broker is reported at
    /// start-up rather than on the first batch.
    pub async fn connect(config: RabbitConfig) -> Result<Self, PublishError> {
        let mut slots = Vec::new();
        for _ in 0..config.connections.max(1) {
            slots.push(Mutex::new(Some(open(&config).await?)));
        }
        Ok(Self {
            config,
            slots,
            next: AtomicUsize::new(0),
        })
    }
}

// ANCHOR: classify
/// Sorts a lapin error by what it says about the message. The broker closes
/// a channel with PRECONDITION_FAILED or CONTENT_TOO_LARGE when it refuses
/// what was published on it (a message over `max_message_size`, say): that
/// counts an attempt. Everything else (a refused or lost connection, a
/// closed channel, a missing exchange) is an outage and counts none.
fn classify(doing: &str, error: &lapin::Error) -> PublishError {
    let detail = format!("{doing}: {error}");
    match error.kind() {
        ErrorKind::ProtocolError(amqp)
            if matches!(
                amqp.kind(),
                AMQPErrorKind::Soft(
                    AMQPSoftError::PRECONDITIONFAILED | AMQPSoftError::CONTENTTOOLARGE
                )
            ) =>
        {
            PublishError::Transient(detail)
        }
        _ => PublishError::Unavailable(detail),
    }
}
// ANCHOR_END: classify

// ANCHOR: open
async fn open(config: &RabbitConfig) -> Result<Link, PublishError> {
    // `amqps://` is TLS through rustls, verified against the system's roots
    // and `tls_ca_pem`; a server that does not speak TLS fails the handshake.
    let tls = OwnedTLSConfig {
        identity: None,
        cert_chain: config.tls_ca_pem.clone(),
    };
    let connection = DefaultConnectionBuilder::new()
        .map_err(|e| classify("starting the AMQP client", &e))?
        .with_uri_str(config.url.clone())
        .with_properties(ConnectionProperties::default())
        .with_tls_config(tls)
        .connect()
        .await
        .map_err(|e| classify("connecting to RabbitMQ", &e))?;
    let channel = connection
        .create_channel()
        .await
        .map_err(|e| classify("opening a channel", &e))?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .map_err(|e| classify("enabling publisher confirms", &e))?;
    if !config.exchange.is_empty() {
        let options = ExchangeDeclareOptions {
            durable: true,
            ..ExchangeDeclareOptions::default()
        };
        channel
            .exchange_declare(
                ShortString::from(config.exchange.as_str()),
                config.exchange_kind.kind(),
                options,
                FieldTable::default(),
            )
            .await
            .map_err(|e| classify(&format!("declaring exchange {}", config.exchange), &e))?;
    } else if let Some(queue) = config.routing_key.constant() {
        let mut arguments = FieldTable::default();
        if config.queue_kind == QueueKind::Quorum {
            arguments.insert(
                ShortString::from("x-queue-type"),
                AMQPValue::LongString(LongString::from("quorum")),
            );
        }
        let options = QueueDeclareOptions {
            durable: true,
            ..QueueDeclareOptions::default()
        };
        channel
            .queue_declare(ShortString::from(queue.as_str()), options, arguments)
            .await
            .map_err(|e| classify(&format!("declaring queue {queue}"), &e))?;
    }
    Ok(Link {
        _connection: connection,
        channel,
    })
}
// ANCHOR_END: open

// ANCHOR: properties
/// The AMQP properties of a message: persistent, with its event id (a
/// UUIDv7, unique across outboxes) as `message_id`, its own content type,
/// and as headers its aggregate, its outbox row id, the application's
/// headers (the trace context continued by `traceparent`, when there is
/// one) and, if `cloudevents_source` is set, its CloudEvents attributes.
pub fn properties(
    message: &OutboxMessage,
    traceparent: Option<&str>,
    cloudevents_source: Option<&str>,
) -> BasicProperties {
    let text = |value: &str| AMQPValue::LongString(LongString::from(value));
    let mut headers = FieldTable::default();
    headers.insert(
        ShortString::from("aggregate_id"),
        text(message.aggregate_id.as_str()),
    );
    headers.insert(
        ShortString::from("outbox_id"),
        AMQPValue::LongLongInt(message.id.0),
    );
    for (name, value) in message.headers.iter() {
        headers.insert(ShortString::from(name), text(value));
    }
    if let Some(traceparent) = traceparent {
        headers.insert(ShortString::from("traceparent"), text(traceparent));
    }
    if let Some(source) = cloudevents_source {
        for (name, value) in cloudevents(message, source) {
            headers.insert(ShortString::from(name), text(&value));
        }
    }
    let content_type = message
        .content_type
        .as_deref()
        .unwrap_or(DEFAULT_CONTENT_TYPE);
    BasicProperties::default()
        .with_message_id(ShortString::from(message.event_id.to_string()))
        .with_type(ShortString::from(message.event_type.as_str()))
        .with_delivery_mode(2)
        .with_content_type(ShortString::from(content_type))
        .with_headers(headers)
}
// ANCHOR_END: properties

/// A rendered routing key; one over AMQP's 255 bytes can never be sent,
/// so the message is refused (and dead-lettered), not retried.
pub fn routing_key(
    template: &Template,
    message: &OutboxMessage,
) -> Result<ShortString, PublishError> {
    let key = template.render(message, str::to_owned);
    if key.len() > 255 {
        return Err(PublishError::Rejected(format!(
            "the routing key is {} bytes; AMQP allows 255",
            key.len()
        )));
    }
    Ok(ShortString::from(key))
}

impl Publisher for RabbitPublisher {
    fn name(&self) -> &str {
        "rabbitmq"
    }

    // ANCHOR: check
    /// Ready when every connection is open; a closed one is reopened here,
    /// so a probe after an outage does not wait for the next batch.
    async fn check(&self) -> Result<(), PublishError> {
        for slot in &self.slots {
            let mut link = slot.lock().await;
            if link
                .as_ref()
                .is_none_or(|l| !l.channel.status().connected())
            {
                *link = Some(open(&self.config).await?);
            }
        }
        Ok(())
    }
    // ANCHOR_END: check

    // ANCHOR: publish
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let slot = &self.slots[self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len()];
        // The `publish` spans of traced messages, open until their confirms.
        let mut spans = vec![None; batch.len()];
        let (channel, issued) = {
            // The slot is locked only while the batch is handed to the
            // connection: a batch's messages go out in order, and the next
            // batch can be written while this one waits for its confirms.
            let mut link = slot.lock().await;
            if link
                .as_ref()
                .is_none_or(|l| !l.channel.status().connected())
            {
                match open(&self.config).await {
                    Ok(fresh) => *link = Some(fresh),
                    Err(e) => return batch.iter().map(|_| Err(e.clone())).collect(),
                }
            }
            let Some(channel) = link.as_ref().map(|l| l.channel.clone()) else {
                return batch
                    .iter()
                    .map(|_| Err(PublishError::Unavailable("no channel".into())))
                    .collect();
            };
            // Keys and properties first. A message that can never be sent
            // (its key too long) holds back the rest of its aggregate, which
            // would otherwise reach the queue ahead of it.
            let constant_key = self.config.routing_key.constant().map(ShortString::from);
            let source = self.config.cloudevents_source.as_deref();
            let mut refused: HashSet<&AggregateId> = HashSet::new();
            let mut ready = Vec::with_capacity(batch.len());
            for (m, span) in batch.iter().zip(&mut spans) {
                if refused.contains(&m.aggregate_id) {
                    ready.push(Err(PublishError::Transient(
                        "not sent: an earlier message of its aggregate failed".into(),
                    )));
                    continue;
                }
                let key = match &constant_key {
                    Some(key) => Ok(key.clone()),
                    None => routing_key(&self.config.routing_key, m),
                };
                if key.is_err() {
                    refused.insert(&m.aggregate_id);
                }
                let trace = continue_trace(m);
                let traceparent = trace.as_ref().map(|(_, parent)| parent.as_str());
                ready.push(key.map(|key| (key, properties(m, traceparent, source))));
                *span = trace.map(|(span, _)| span);
            }
            // Each publish resolves once its frames are queued on the socket.
            let exchange = ShortString::from(self.config.exchange.as_str());
            let publishes = batch.iter().zip(ready).map(|(m, ready)| {
                let (channel, exchange) = (&channel, exchange.clone());
                async move {
                    let (key, properties) = ready?;
                    let options = BasicPublishOptions {
                        mandatory: true,
                        ..BasicPublishOptions::default()
                    };
                    Ok(channel
                        .basic_publish(exchange, key, options, &m.payload, properties)
                        .await)
                }
            });
            let issued = join_all(publishes).await;
            (channel, issued)
        };

        // Then wait for all the confirms together.
        let confirms = issued.into_iter().map(|issued| async move {
            let confirm = issued?.map_err(|e| classify("publishing", &e))?;
            match confirm.await {
                Ok(Confirmation::Ack(None)) => Ok(()),
                Ok(Confirmation::Ack(Some(returned))) => Err(PublishError::Transient(format!(
                    "unroutable: {}",
                    returned.reply_text
                ))),
                Ok(Confirmation::Nack(_)) => Err(PublishError::Transient(
                    "the broker nacked the message".into(),
                )),
                Ok(Confirmation::NotRequested) => Err(PublishError::Unavailable(
                    "the channel is not in confirm mode".into(),
                )),
                Err(e) => Err(classify("waiting for the confirm", &e)),
            }
        });
        let results =
            match tokio::time::timeout(self.config.confirm_timeout, join_all(confirms)).await {
                Ok(results) => results,
                Err(_) => batch
                    .iter()
                    .map(|_| {
                        Err(PublishError::Unavailable(
                            "no confirm before the deadline".into(),
                        ))
                    })
                    .collect(),
            };
        finish_spans(spans, &results);
        if results.iter().any(Result::is_err) && !channel.status().connected() {
            // Reconnect on the next batch, unless another batch already did.
            let mut link = slot.lock().await;
            if link
                .as_ref()
                .is_some_and(|l| !l.channel.status().connected())
            {
                *link = None;
            }
        }
        results
    }
    // ANCHOR_END: publish
}
