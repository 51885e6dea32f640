//! Lesson 04.4: an extension trait. A default method plus a blanket impl
//! give every `Publisher`, even one chosen at run time, new methods
//! without touching the trait itself.
//!
//! Run with `cargo run -p m04-traits-generics --example publisher_ext`.

use futures::executor::block_on;
use outbox_core::{
    AggregateId, DynPublisher, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis,
};
use std::future::Future;
use std::slice;

// ANCHOR: ext
/// Conveniences for every publisher. Nobody implements this by hand: the
/// blanket impl below covers every `Publisher` there is.
trait PublisherExt: Publisher {
    /// Publishes one message as a batch of one.
    fn publish_one(
        &self,
        message: &OutboxMessage,
    ) -> impl Future<Output = Result<(), PublishError>> + Send {
        async move {
            let mut results = self.publish(slice::from_ref(message)).await;
            results.pop().unwrap_or_else(|| {
                let why = format!("{} returned no result", self.name());
                Err(PublishError::Transient(why))
            })
        }
    }

    /// Publishes a batch and counts how many messages the broker confirmed.
    fn publish_counted(&self, batch: &[OutboxMessage]) -> impl Future<Output = usize> + Send {
        async move {
            let results = self.publish(batch).await;
            results.iter().filter(|result| result.is_ok()).count()
        }
    }
}

impl<P: Publisher> PublisherExt for P {}
// ANCHOR_END: ext

/// Confirms everything except empty payloads.
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
    let batch = [message(1, "{}"), message(2, ""), message(3, "{}")];

    // A concrete publisher has the new methods...
    println!("one: {:?}", block_on(Strict.publish_one(&batch[1])));
    println!("confirmed: {}", block_on(Strict.publish_counted(&batch)));

    // ...and so does one chosen at run time: `Box<dyn DynPublisher>`
    // implements `Publisher`, so the blanket impl covers it too.
    let chosen: Box<dyn DynPublisher> = Box::new(Strict);
    println!(
        "boxed confirmed: {}",
        block_on(chosen.publish_counted(&batch))
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_one_returns_the_single_result() {
        assert_eq!(block_on(Strict.publish_one(&message(1, "{}"))), Ok(()));
        assert_eq!(
            block_on(Strict.publish_one(&message(2, ""))),
            Err(PublishError::Rejected("empty payload".into()))
        );
    }

    #[test]
    fn counting_works_the_same_through_a_box() {
        let batch = [message(1, "{}"), message(2, "")];
        let boxed: Box<dyn DynPublisher> = Box::new(Strict);
        assert_eq!(block_on(Strict.publish_counted(&batch)), 1);
        assert_eq!(block_on(boxed.publish_counted(&batch)), 1);
    }
}
