//! Answers to the exercises of lesson 04.4.
//!
//! Run with `cargo run -p m04-traits-generics --example answers_04_4`.

use futures::executor::block_on;
use outbox_core::{
    AggregateId, DynPublisher, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis,
};
use std::fmt;
use std::future::Future;

// ANCHOR: answer1
mod answer1 {
    use std::slice;

    pub(crate) trait Sink {
        fn name(&self) -> &str;
        fn send_batch(&self, events: &[u64]) -> Vec<Result<(), String>>;

        fn send_one(&self, event: u64) -> Result<(), String> {
            self.send_batch(slice::from_ref(&event))
                .pop()
                .unwrap_or_else(|| Err(format!("{} returned no result", self.name())))
        }
    }

    /// The webhook without its `send_one` override. It records its requests
    /// instead of printing them, so the test can read them.
    #[derive(Debug, Default)]
    pub(crate) struct Webhook {
        pub(crate) url: String,
        pub(crate) requests: std::cell::RefCell<Vec<String>>,
    }

    impl Sink for Webhook {
        fn name(&self) -> &str {
            "webhook"
        }

        fn send_batch(&self, events: &[u64]) -> Vec<Result<(), String>> {
            let request = format!("POST {}/batch ({} events)", self.url, events.len());
            self.requests.borrow_mut().push(request);
            vec![Ok(()); events.len()]
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer3
trait LogLine {
    fn log_line(&self) -> String;
}

impl<T: fmt::Display + ?Sized> LogLine for T {
    fn log_line(&self) -> String {
        format!("[outbox] {self}")
    }
}

#[derive(Debug, PartialEq)]
struct Queue(String);

fn declare(name: &str) -> Queue {
    Queue(format!("outbox.{name}"))
}

/// The only new code: `Display`. The blanket impl does the rest.
impl fmt::Display for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "queue {}", self.0)
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer5
trait PublisherExt: Publisher {
    /// Resolves to `true` when the broker confirmed every message.
    fn publish_all_confirmed(&self, batch: &[OutboxMessage]) -> impl Future<Output = bool> + Send {
        async move { self.publish(batch).await.iter().all(Result::is_ok) }
    }
}

impl<P: Publisher> PublisherExt for P {}
// ANCHOR_END: answer5

/// Confirms everything except empty payloads (as in `publisher_ext.rs`).
#[derive(Debug)]
struct Strict;

impl Publisher for Strict {
    fn name(&self) -> &str {
        "strict"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        batch
            .iter()
            .map(|message| {
                if message.payload.is_empty() {
                    Err(PublishError::Rejected("empty payload".to_string()))
                } else {
                    Ok(())
                }
            })
            .collect()
    }
}

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
    use answer1::Sink;
    let webhook = answer1::Webhook {
        url: "https://hooks.example.com".to_string(),
        ..Default::default()
    };
    println!("1. {:?}", webhook.send_one(7));
    println!("1. {:?}", webhook.requests.borrow());

    println!("3. {}", declare("orders").log_line());

    let good = [message(1, "{}"), message(3, "{}")];
    let mixed = [message(1, "{}"), message(2, "")];
    let chosen: Box<dyn DynPublisher> = Box::new(Strict);
    println!(
        "5. strict: {} / {}, chosen: {} / {}",
        block_on(Strict.publish_all_confirmed(&good)),
        block_on(Strict.publish_all_confirmed(&mixed)),
        block_on(chosen.publish_all_confirmed(&good)),
        block_on(chosen.publish_all_confirmed(&mixed)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use answer1::Sink;

    #[test]
    fn answer1_the_default_sends_a_batch_of_one() {
        let webhook = answer1::Webhook {
            url: "https://hooks.example.com".into(),
            ..Default::default()
        };
        assert_eq!(webhook.send_one(7), Ok(()));
        assert_eq!(
            *webhook.requests.borrow(),
            ["POST https://hooks.example.com/batch (1 events)"]
        );
    }

    #[test]
    fn answer3_display_is_enough_for_log_line() {
        assert_eq!(declare("orders").log_line(), "[outbox] queue outbox.orders");
    }

    #[test]
    fn answer5_all_confirmed_on_a_concrete_and_a_boxed_publisher() {
        let chosen: Box<dyn DynPublisher> = Box::new(Strict);
        assert!(block_on(Strict.publish_all_confirmed(&[message(1, "{}")])));
        assert!(!block_on(chosen.publish_all_confirmed(&[message(2, "")])));
        assert!(
            block_on(chosen.publish_all_confirmed(&[])),
            "nothing to refuse"
        );
    }
}
