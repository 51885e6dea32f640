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
    Exchange, NatsConfig, NatsPublisher, QueueKind, RabbitConfig, RabbitPublisher, Template,
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
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        })
        .collect()
}

async fn rabbit_roundtrip(kind: QueueKind) {
    let queue = unique("outbox-test");
    let mut config = RabbitConfig::new(amqp_url(), &queue);
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
    config.subject = Template::parse(&format!("{prefix}.{{type}}")).expect("valid");
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
    assert_eq!(metrics.duplicate_acks.get(), 10);
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
            let prefix = config.stream.to_lowercase();
            let subject = format!("{prefix}.{token}");
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

/// A consumer's view of a RabbitMQ queue: each message's routing key,
/// properties and body, drained with `basic.get`.
async fn drain(channel: &lapin::Channel, queue: &str) -> Vec<lapin::message::BasicGetMessage> {
    let mut got = Vec::new();
    while let Some(message) = channel
        .basic_get(ShortString::from(queue), BasicGetOptions { no_ack: true })
        .await
        .expect("basic.get")
    {
        got.push(message);
    }
    got
}

/// A header of a delivered AMQP message, as text.
fn amqp_header(message: &lapin::message::BasicGetMessage, name: &str) -> Option<String> {
    let headers = message.delivery.properties.headers().as_ref()?;
    match headers.inner().get(name)? {
        lapin::types::AMQPValue::LongString(text) => Some(text.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// Declares a queue of the test's own and binds it to `exchange` with `key`.
async fn bound_queue(channel: &lapin::Channel, exchange: &str, key: &str) -> String {
    use lapin::options::{QueueBindOptions, QueueDeclareOptions};
    let queue = unique("outbox-bound");
    channel
        .queue_declare(
            ShortString::from(queue.as_str()),
            QueueDeclareOptions::default(),
            Default::default(),
        )
        .await
        .expect("declare");
    channel
        .queue_bind(
            ShortString::from(queue.as_str()),
            ShortString::from(exchange),
            ShortString::from(key),
            QueueBindOptions::default(),
            Default::default(),
        )
        .await
        .expect("bind");
    queue
}

#[tokio::test]
async fn a_topic_exchange_routes_each_event_type_and_carries_headers_and_cloudevents() {
    let exchange = unique("outbox-topic");
    let config = RabbitConfig::through_exchange(
        amqp_url(),
        &exchange,
        Exchange::Topic,
        Template::parse("orders.{type}").expect("valid"),
    );
    let config = RabbitConfig {
        cloudevents_source: Some("/shop/orders".into()),
        ..config
    };
    let publisher = RabbitPublisher::connect(config).await.expect("RabbitMQ");
    // The bridge declared the exchange; the consumers bind their queues.
    let connection = Connection::connect(&amqp_url(), ConnectionProperties::default())
        .await
        .expect("connect");
    let channel = connection.create_channel().await.expect("channel");
    let placed = bound_queue(&channel, &exchange, "orders.OrderPlaced").await;
    let everything = bound_queue(&channel, &exchange, "orders.#").await;

    let mut messages = batch(6);
    for (i, m) in messages.iter_mut().enumerate() {
        m.event_type = if i % 2 == 0 {
            "OrderPlaced"
        } else {
            "OrderPaid"
        }
        .into();
        m.headers.insert("tenant", "acme").expect("valid header");
    }
    messages[1].content_type = Some("application/xml".into());
    messages[1].payload = b"<paid/>".to_vec();
    assert!(publisher.publish(&messages).await.iter().all(Result::is_ok));

    let placed = drain(&channel, &placed).await;
    let keys: Vec<String> = placed
        .iter()
        .map(|m| m.delivery.routing_key.to_string())
        .collect();
    assert_eq!(
        keys, ["orders.OrderPlaced"; 3],
        "only its type reaches the bound queue"
    );
    let all = drain(&channel, &everything).await;
    assert_eq!(all.len(), 6, "orders.# sees every type");
    for (got, sent) in all.iter().zip(&messages) {
        let props = &got.delivery.properties;
        let content_type = props.content_type().as_ref().map(|c| c.to_string());
        let expected = sent.content_type.as_deref().unwrap_or("application/json");
        assert_eq!(content_type.as_deref(), Some(expected));
        assert_eq!(amqp_header(got, "tenant").as_deref(), Some("acme"));
        assert_eq!(amqp_header(got, "ce-id"), Some(sent.event_id.to_string()));
        assert_eq!(amqp_header(got, "ce-type"), Some(sent.event_type.clone()));
        assert_eq!(
            amqp_header(got, "ce-source").as_deref(),
            Some("/shop/orders")
        );
        assert_eq!(amqp_header(got, "ce-specversion").as_deref(), Some("1.0"));
        assert_eq!(
            amqp_header(got, "ce-time").as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(got.delivery.data, sent.payload);
    }
    channel
        .exchange_delete(ShortString::from(exchange.as_str()), Default::default())
        .await
        .expect("delete the test exchange");
}

/// Several consumers, one queue each, behind a consistent-hash exchange
/// keyed by aggregate: the load is split, and every aggregate's events land
/// on one queue, in order. (Needs the `rabbitmq_consistent_hash_exchange`
/// plugin, which `.ci/run` enables.)
#[tokio::test]
async fn a_consistent_hash_exchange_keeps_each_aggregate_on_one_queue_in_order() {
    let exchange = unique("outbox-hash");
    let config = RabbitConfig::through_exchange(
        amqp_url(),
        &exchange,
        Exchange::ConsistentHash,
        Template::parse("{aggregate}").expect("valid"),
    );
    let publisher = RabbitPublisher::connect(config)
        .await
        .unwrap_or_else(|e| panic!("RabbitMQ with the consistent-hash plugin is required: {e}"));
    let connection = Connection::connect(&amqp_url(), ConnectionProperties::default())
        .await
        .expect("connect");
    let channel = connection.create_channel().await.expect("channel");
    // A binding's key is the queue's weight.
    let mut queues = Vec::new();
    for _ in 0..3 {
        queues.push(bound_queue(&channel, &exchange, "1").await);
    }
    let messages: Vec<OutboxMessage> = (1..=600)
        .map(|i| OutboxMessage {
            aggregate_id: AggregateId::new(format!("order-{}", i % 40)).expect("valid"),
            ..batch(1).remove(0)
        })
        .enumerate()
        .map(|(i, m)| OutboxMessage {
            id: MessageId(i as i64 + 1),
            ..m
        })
        .collect();
    assert!(publisher.publish(&messages).await.iter().all(Result::is_ok));

    let mut home: std::collections::HashMap<String, usize> = Default::default();
    let mut total = 0;
    for (q, queue) in queues.iter().enumerate() {
        let got = drain(&channel, queue).await;
        assert!(!got.is_empty(), "queue {q} gets a share");
        total += got.len();
        let mut last: std::collections::HashMap<String, i64> = Default::default();
        for message in &got {
            let aggregate = amqp_header(message, "aggregate_id").expect("aggregate header");
            let id: i64 = amqp_header(message, "outbox_id")
                .and_then(|v| {
                    v.trim_start_matches("LongLongInt(")
                        .trim_end_matches(')')
                        .parse()
                        .ok()
                })
                .expect("outbox id");
            let first_home = *home.entry(aggregate.clone()).or_insert(q);
            assert_eq!(first_home, q, "{aggregate} went to two queues");
            let previous = last.insert(aggregate.clone(), id).unwrap_or(0);
            assert!(previous < id, "{aggregate}: {id} after {previous}");
        }
    }
    assert_eq!(total, 600);
    assert_eq!(home.len(), 40);
    channel
        .exchange_delete(ShortString::from(exchange.as_str()), Default::default())
        .await
        .expect("delete the test exchange");
}

#[tokio::test]
async fn nats_subjects_follow_the_template_and_carry_headers_and_cloudevents() {
    let prefix = unique("outbox_tmpl").replace('-', "_");
    let mut config = NatsConfig::new(nats_url());
    config.stream = prefix.to_uppercase();
    config.subject = Template::parse(&format!("{prefix}.{{type}}.{{aggregate}}")).expect("valid");
    config.cloudevents_source = Some("/shop/orders".into());
    let publisher = NatsPublisher::connect(config.clone()).await.expect("NATS");
    let client = async_nats::connect(nats_url()).await.expect("connect");
    let jetstream = async_nats::jetstream::new(client);

    let mut messages = batch(3);
    messages[2].aggregate_id = AggregateId::new("order.9 x").expect("valid");
    messages[0].content_type = Some("text/plain".into());
    messages[0].headers.insert("tenant", "acme").expect("valid");
    assert!(publisher.publish(&messages).await.iter().all(Result::is_ok));

    let stream = jetstream.get_stream(&config.stream).await.expect("stream");
    assert_eq!(
        stream.cached_info().config.subjects,
        [format!("{prefix}.*.*")],
        "the stream captures the template's wildcard"
    );
    let mut subjects = Vec::new();
    for (sequence, sent) in (1..).zip(&messages) {
        let stored = stream.get_raw_message(sequence).await.expect("stored");
        let header = |name: &str| stored.headers.get(name).map(|v| v.to_string());
        subjects.push(stored.subject.to_string());
        assert_eq!(header("ce-id"), Some(sent.event_id.to_string()));
        assert_eq!(header("ce-subject"), Some(sent.aggregate_id.to_string()));
        assert_eq!(header("ce-source").as_deref(), Some("/shop/orders"));
        let content_type = sent.content_type.as_deref().unwrap_or("application/json");
        assert_eq!(header("Content-Type").as_deref(), Some(content_type));
    }
    let stored = stream.get_raw_message(1).await.expect("stored");
    assert_eq!(
        stored
            .headers
            .get("tenant")
            .map(|v| v.to_string())
            .as_deref(),
        Some("acme")
    );
    assert_eq!(
        subjects,
        [
            format!("{prefix}.OrderPlaced.order-1"),
            format!("{prefix}.OrderPlaced.order-2"),
            format!("{prefix}.OrderPlaced.order_9_x"),
        ]
    );
    jetstream
        .delete_stream(&config.stream)
        .await
        .expect("delete the test stream");
}

/// One trace from the business transaction to the consumer: the producer's
/// span is captured at enqueue, the relay's `publish` span continues it, and
/// the consumer reads a `traceparent` of the same trace whose parent is the
/// relay's span, not the producer's.
#[tokio::test]
async fn the_trace_of_the_enqueueing_span_reaches_the_consumer_through_the_relays_span() {
    use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
    use outbox_core::{NewMessage, OutboxStore};
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    use tracing_subscriber::layer::SubscriberExt;

    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder().build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("test")));
    let _traced = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let store = outbox_store::SqliteStore::open(&url, "relay-1")
        .await
        .expect("store");
    let business = tracing::info_span!("place_order");
    let producer = business.context().span().span_context().clone();
    assert!(
        producer.is_valid(),
        "the OpenTelemetry layer gives spans ids"
    );
    let message = NewMessage::new(
        AggregateId::new("order-1").expect("valid"),
        "OrderPlaced",
        "{}",
    )
    .expect("valid");
    {
        let _inside = business.enter();
        store.enqueue_one(&message).await.expect("enqueue");
    }
    let claimed = store
        .claim(10, Duration::from_secs(30))
        .await
        .expect("claim");
    let captured = claimed[0]
        .headers
        .get("traceparent")
        .expect("captured at enqueue");
    assert_eq!(
        captured,
        format!("00-{}-{}-01", producer.trace_id(), producer.span_id())
    );

    let (config, publisher, jetstream) = test_stream().await;
    assert!(publisher.publish(&claimed).await.iter().all(Result::is_ok));
    let stream = jetstream.get_stream(&config.stream).await.expect("stream");
    let stored = stream.get_raw_message(1).await.expect("stored");
    let sent = stored
        .headers
        .get("traceparent")
        .map(|v| v.to_string())
        .expect("traceparent");
    let fields: Vec<&str> = sent.split('-').collect();
    assert_eq!(fields[1], producer.trace_id().to_string(), "one trace");
    assert_ne!(
        fields[2],
        producer.span_id().to_string(),
        "continued by the relay's span"
    );
    assert_eq!(fields[3], "01", "still sampled");
    jetstream
        .delete_stream(&config.stream)
        .await
        .expect("delete the test stream");
}
