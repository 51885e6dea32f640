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

use futures::future::join_all;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions};
use lapin::protocol::{AMQPErrorKind, AMQPSoftError};
use lapin::tcp::OwnedTLSConfig;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{
    BasicProperties, Channel, Confirmation, Connection, ConnectionProperties,
    DefaultConnectionBuilder, ErrorKind,
};
use outbox_core::{OutboxMessage, PublishError, Publisher};
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

/// Where and how to publish.
#[derive(Debug, Clone)]
pub struct RabbitConfig {
    /// `amqp://user:pass@host:5672/vhost` (or `amqps://`).
    pub url: String,
    /// The exchange to publish to; empty means the default exchange, which
    /// routes by queue name.
    pub exchange: String,
    /// The routing key, and the queue declared for it when `exchange` is empty.
    pub routing_key: String,
    pub queue_kind: QueueKind,
    /// How long to wait for the broker's confirms of a batch.
    pub confirm_timeout: Duration,
    /// Connections kept open; concurrent batches (the relay's lanes) take
    /// them in turn, so they publish in parallel without interleaving.
    pub connections: usize,
    /// Extra CA certificates (PEM) to trust for `amqps://`, besides the
    /// system's: a private CA, or a test's throwaway one.
    pub tls_ca_pem: Option<String>,
}

impl RabbitConfig {
    pub fn new(url: impl Into<String>, queue: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            exchange: String::new(),
            routing_key: queue.into(),
            queue_kind: QueueKind::Classic,
            confirm_timeout: Duration::from_secs(30),
            connections: 1,
            tls_ca_pem: None,
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
    if config.exchange.is_empty() {
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
            .queue_declare(
                ShortString::from(config.routing_key.as_str()),
                options,
                arguments,
            )
            .await
            .map_err(|e| classify(&format!("declaring queue {}", config.routing_key), &e))?;
    }
    Ok(Link {
        _connection: connection,
        channel,
    })
}
// ANCHOR_END: open

// ANCHOR: properties
/// The AMQP properties of a message: persistent, with its event id (a
/// UUIDv7, unique across outboxes) as `message_id`, and its aggregate and
/// outbox row id as headers.
pub fn properties(message: &OutboxMessage) -> BasicProperties {
    let mut headers = FieldTable::default();
    headers.insert(
        ShortString::from("aggregate_id"),
        AMQPValue::LongString(LongString::from(message.aggregate_id.as_str())),
    );
    headers.insert(
        ShortString::from("outbox_id"),
        AMQPValue::LongLongInt(message.id.0),
    );
    BasicProperties::default()
        .with_message_id(ShortString::from(message.event_id.to_string()))
        .with_type(ShortString::from(message.event_type.as_str()))
        .with_delivery_mode(2)
        .with_content_type(ShortString::from("application/json"))
        .with_headers(headers)
}
// ANCHOR_END: properties

impl Publisher for RabbitPublisher {
    fn name(&self) -> &str {
        "rabbitmq"
    }

    // ANCHOR: publish
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let slot = &self.slots[self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len()];
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
            // Each publish resolves once its frames are queued on the socket.
            let exchange = ShortString::from(self.config.exchange.as_str());
            let routing_key = ShortString::from(self.config.routing_key.as_str());
            let publishes = batch.iter().map(|m| {
                channel.basic_publish(
                    exchange.clone(),
                    routing_key.clone(),
                    BasicPublishOptions {
                        mandatory: true,
                        ..BasicPublishOptions::default()
                    },
                    &m.payload,
                    properties(m),
                )
            });
            let issued = join_all(publishes).await;
            (channel, issued)
        };

        // Then wait for all the confirms together.
        let confirms = issued.into_iter().map(|issued| async move {
            let confirm = issued.map_err(|e| classify("publishing", &e))?;
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
