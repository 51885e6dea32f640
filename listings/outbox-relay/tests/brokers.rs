//! The publishers against real brokers.
//!
//! Needs RabbitMQ (`AMQP_URL`, default `amqp://guest:guest@127.0.0.1:5672/%2f`)
//! and NATS with JetStream (`NATS_URL`, default `nats://127.0.0.1:4222`).
//! Without them these tests fail: a CI without the brokers cannot pass.

use async_nats::jetstream::Context;
use lapin::options::{BasicGetOptions, QueueDeleteOptions};
use lapin::types::ShortString;
use lapin::{Connection, ConnectionProperties};
use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis};
use outbox_relay::publishers::{
    NatsConfig, NatsPublisher, QueueKind, RabbitConfig, RabbitPublisher,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn amqp_url() -> String {
    std::env::var("AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into())
}

/// A name no other test run uses.
fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}-{}-{nanos}", std::process::id())
}

fn batch(count: i64) -> Vec<OutboxMessage> {
    (1..=count)
        .map(|i| OutboxMessage {
            event_id: outbox_core::EventId::new(),
            id: MessageId(i),
            aggregate_id: AggregateId::new(format!("order-{}", i % 3)).expect("valid"),
            event_type: "OrderPlaced".into(),
            payload: format!("{{\"n\":{i}}}").into_bytes(),
            attempts: 0,
            created_at: UnixMillis(0),
        })
        .collect()
}

async fn rabbit_roundtrip(kind: QueueKind) {
    let queue = unique("outbox-test");
    let mut config = RabbitConfig::new(amqp_url(), queue.clone());
    config.queue_kind = kind;
    let publisher = RabbitPublisher::connect(config)
        .await
        .unwrap_or_else(|e| panic!("RabbitMQ is required for this test ({}): {e}", amqp_url()));
    let messages = batch(50);
    let results = publisher.publish(&messages).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");

    // Read the queue back: every message, in order, persistent, with its event id.
    let connection = Connection::connect(&amqp_url(), ConnectionProperties::default())
        .await
        .expect("connect");
    let channel = connection.create_channel().await.expect("channel");
    let mut received = Vec::new();
    while let Some(got) = channel
        .basic_get(
            ShortString::from(queue.as_str()),
            BasicGetOptions { no_ack: true },
        )
        .await
        .expect("basic.get")
    {
        let properties = &got.delivery.properties;
        assert_eq!(properties.delivery_mode(), &Some(2), "persistent");
        assert_eq!(
            properties.kind().as_ref().map(|k| k.as_str()),
            Some("OrderPlaced")
        );
        let id = properties
            .message_id()
            .as_ref()
            .map(|m| m.to_string())
            .expect("message_id");
        received.push((id, got.delivery.data.clone()));
    }
    let expected: Vec<(String, Vec<u8>)> = messages
        .iter()
        .map(|m| (m.event_id.to_string(), m.payload.clone()))
        .collect();
    assert_eq!(received, expected);
    channel
        .queue_delete(
            ShortString::from(queue.as_str()),
            QueueDeleteOptions::default(),
        )
        .await
        .expect("delete the test queue");
}

#[tokio::test]
async fn rabbitmq_classic_queue_gets_every_message_in_order_with_its_id() {
    rabbit_roundtrip(QueueKind::Classic).await;
}

#[tokio::test]
async fn rabbitmq_quorum_queue_gets_every_message_in_order_with_its_id() {
    rabbit_roundtrip(QueueKind::Quorum).await;
}

#[tokio::test]
async fn an_unreachable_rabbitmq_is_a_clear_error() {
    let config = RabbitConfig::new("amqp://guest:guest@127.0.0.1:1/%2f", "never");
    let err = RabbitPublisher::connect(config)
        .await
        .expect_err("nothing listens on port 1");
    assert!(matches!(err, PublishError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("connecting to RabbitMQ"), "{err}");
}

/// A JetStream stream of this test's own: its configuration, a publisher
/// for it, and a plain JetStream context to look inside it and delete it.
async fn test_stream() -> (NatsConfig, NatsPublisher, Context) {
    let prefix = unique("outbox_test").replace('-', "_");
    let mut config = NatsConfig::new(nats_url());
    config.stream = prefix.to_uppercase();
    config.subject_prefix = prefix;
    let publisher = NatsPublisher::connect(config.clone())
        .await
        .unwrap_or_else(|e| panic!("NATS is required for this test ({}): {e}", nats_url()));
    let client = async_nats::connect(nats_url()).await.expect("connect");
    (config, publisher, async_nats::jetstream::new(client))
}

#[tokio::test]
async fn nats_jetstream_stores_each_message_once_even_when_sent_twice() {
    let (config, publisher, jetstream) = test_stream().await;
    let metrics = std::sync::Arc::new(outbox_relay::Metrics::default());
    let publisher = publisher.with_metrics(std::sync::Arc::clone(&metrics));
    let messages = batch(40);
    assert!(publisher.publish(&messages).await.iter().all(Result::is_ok));
    // A retry after a lost ack sends the same ids again: JetStream drops them.
    assert!(
        publisher
            .publish(&messages[..10])
            .await
            .iter()
            .all(Result::is_ok)
    );

    let mut stream = jetstream
        .get_stream(&config.stream)
        .await
        .expect("stream exists");
    assert_eq!(stream.info().await.expect("info").state.messages, 40);
    // Each repeat was acknowledged as a duplicate, and counted as one.
    let duplicates = metrics
        .duplicate_acks
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(duplicates, 10);
    jetstream
        .delete_stream(&config.stream)
        .await
        .expect("delete the test stream");
}

#[tokio::test]
async fn each_nats_message_goes_to_its_own_event_types_subject() {
    let (config, publisher, jetstream) = test_stream().await;
    // Runs of one type, a type that comes back, and one that needs mending:
    // the publisher reuses a run's subject and must start a new one on time.
    let types = [
        "OrderPlaced",
        "OrderPlaced",
        "OrderPaid",
        "OrderPlaced",
        "Order Shipped",
        "Order Shipped",
    ];
    let mut messages = batch(types.len() as i64);
    for (message, event_type) in messages.iter_mut().zip(types) {
        message.event_type = event_type.into();
    }
    assert!(publisher.publish(&messages).await.iter().all(Result::is_ok));

    let stream = jetstream
        .get_stream(&config.stream)
        .await
        .expect("stream exists");
    let mut stored = Vec::new();
    for sequence in 1..=types.len() as u64 {
        let message = stream.get_raw_message(sequence).await.expect("stored");
        let id = message.headers.get("Nats-Msg-Id").map(|v| v.to_string());
        stored.push((message.subject.to_string(), id));
    }
    let expected: Vec<(String, Option<String>)> = messages
        .iter()
        .zip([
            "OrderPlaced",
            "OrderPlaced",
            "OrderPaid",
            "OrderPlaced",
            "Order_Shipped",
            "Order_Shipped",
        ])
        .map(|(m, token)| {
            let subject = format!("{}.{token}", config.subject_prefix);
            (subject, Some(m.event_id.to_string()))
        })
        .collect();
    assert_eq!(stored, expected);
    jetstream
        .delete_stream(&config.stream)
        .await
        .expect("delete the test stream");
}

/// async-nats lets 5000 acks be outstanding by default, and a publish beyond
/// that waits for one of them to be awaited. The publisher awaits a batch's
/// acks only after sending all of it, so without a larger limit a batch of
/// more than 5000 messages would wait for itself forever.
#[tokio::test]
async fn a_nats_batch_larger_than_the_clients_ack_limit_is_published() {
    let (config, publisher, jetstream) = test_stream().await;
    let messages = batch(7_000);
    let results = tokio::time::timeout(Duration::from_secs(60), publisher.publish(&messages))
        .await
        .expect("the batch is published, not stuck waiting for its own acks");
    assert_eq!(results.len(), 7_000);
    assert!(results.iter().all(Result::is_ok));
    jetstream
        .delete_stream(&config.stream)
        .await
        .expect("delete the test stream");
}
