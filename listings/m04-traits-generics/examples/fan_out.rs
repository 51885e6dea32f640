//! Lesson 04.5: one batch, several publishers chosen at run time, held as
//! `Vec<Box<dyn DynPublisher>>`, the bridge's object-safe publisher trait.
//!
//! Run with `cargo run -p m04-traits-generics --example fan_out`.

use futures::executor::block_on;
use futures::future::join_all;
use outbox_core::{
    AggregateId, DynPublisher, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis,
};

// ANCHOR: publishers
/// Confirms everything: the stand-in for a healthy broker.
#[derive(Debug)]
struct Healthy(&'static str);

impl Publisher for Healthy {
    fn name(&self) -> &str {
        self.0
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        vec![Ok(()); batch.len()]
    }
}

/// Refuses messages larger than its limit, as a broker with a size cap does.
#[derive(Debug)]
struct SizeCapped {
    max_bytes: usize,
}

impl Publisher for SizeCapped {
    fn name(&self) -> &str {
        "size-capped"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        batch
            .iter()
            .map(|message| {
                if message.payload.len() > self.max_bytes {
                    let why = format!("{} bytes > {}", message.payload.len(), self.max_bytes);
                    Err(PublishError::Rejected(why))
                } else {
                    Ok(())
                }
            })
            .collect()
    }
}
// ANCHOR_END: publishers

// ANCHOR: fan_out
/// Sends one batch to every publisher concurrently and returns each one's
/// name and results, in the order the publishers were given.
async fn fan_out(
    publishers: &[Box<dyn DynPublisher>],
    batch: &[OutboxMessage],
) -> Vec<(String, Vec<Result<(), PublishError>>)> {
    // `as_ref` reaches the `dyn DynPublisher` inside each box, so each call
    // below is one trait-object call.
    let targets: Vec<&dyn DynPublisher> = publishers.iter().map(|p| p.as_ref()).collect();
    let results = join_all(targets.iter().map(|p| p.publish_boxed(batch))).await;
    targets
        .iter()
        .map(|p| p.name().to_string())
        .zip(results)
        .collect()
}
// ANCHOR_END: fan_out

// ANCHOR: config
/// The configuration names the brokers; the types are picked at run time.
fn publishers_from_config(names: &[&str]) -> Vec<Box<dyn DynPublisher>> {
    names
        .iter()
        .filter_map(|name| -> Option<Box<dyn DynPublisher>> {
            match *name {
                "rabbitmq" => Some(Box::new(Healthy("rabbitmq"))),
                "nats" => Some(Box::new(SizeCapped { max_bytes: 8 })),
                _ => None,
            }
        })
        .collect()
}
// ANCHOR_END: config

/// A message as a store would hand it to the relay.
fn message(id: i64, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-7").expect("literal aggregate id is valid"),
        event_type: "OrderPlaced".to_string(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn main() {
    // ANCHOR: use
    let publishers = publishers_from_config(&["rabbitmq", "nats"]);
    let batch = [message(1, "{}"), message(2, r#"{"total":12}"#)];

    for (name, results) in block_on(fan_out(&publishers, &batch)) {
        println!("{name}: {results:?}");
    }

    // A boxed publisher is a `Publisher` again, so generic code takes it too.
    let first = &publishers[0];
    let confirmed = block_on(Publisher::publish(first, &batch));
    println!("through the generic path: {confirmed:?}");
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_publisher_answers_for_every_message_in_order() {
        let publishers = publishers_from_config(&["nats", "rabbitmq", "kafka"]);
        assert_eq!(publishers.len(), 2, "unknown names are skipped");
        let batch = [message(1, "123456789"), message(2, "{}")];
        let answers = block_on(fan_out(&publishers, &batch));
        assert_eq!(answers[0].0, "size-capped");
        assert_eq!(
            answers[0].1,
            [Err(PublishError::Rejected("9 bytes > 8".into())), Ok(())]
        );
        assert_eq!(answers[1], ("rabbitmq".to_string(), vec![Ok(()), Ok(())]));
    }
}
