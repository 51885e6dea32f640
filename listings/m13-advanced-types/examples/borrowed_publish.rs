//! Lesson 13.3: lifetimes, generics and traits in one signature, on the
//! bridge's own `Publisher` and `DynPublisher`.
//!
//! Run with `cargo run -p m13-advanced-types --example borrowed_publish`.

use futures::executor::block_on;
use outbox_core::traits::PublishFuture;
use outbox_core::{
    AggregateId, DynPublisher, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis,
};
use std::future::Future;
use std::sync::Mutex;

// ANCHOR: recorder
/// A publisher that borrows its log instead of owning it: `Recorder<'log>`
/// is not `'static`, and does not need to be for anything in this file.
struct Recorder<'log> {
    log: &'log Mutex<Vec<String>>,
}

impl Publisher for Recorder<'_> {
    fn name(&self) -> &str {
        "recorder"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        match self.log.lock() {
            Ok(mut log) => {
                log.extend(batch.iter().map(|m| m.id.to_string()));
                vec![Ok(()); batch.len()]
            }
            Err(_) => {
                let failure = PublishError::Transient("log poisoned".into());
                vec![Err(failure); batch.len()]
            }
        }
    }
}
// ANCHOR_END: recorder

// ANCHOR: explicit
/// `Publisher::publish` with its elided lifetimes written out. The future
/// borrows the publisher for `'s` and the batch for `'b`, and it is generic
/// over `P`, so it captures all three.
fn publish_explicit<'s, 'b, P: Publisher>(
    publisher: &'s P,
    batch: &'b [OutboxMessage],
) -> impl Future<Output = Vec<Result<(), PublishError>>> + Send + use<'s, 'b, P> {
    publisher.publish(batch)
}

/// The same with one lifetime for both borrows: simpler to read, and callers
/// lose nothing, because both borrows shrink to the shorter of the two.
/// `+ 'a` holds because `&'a P` implies `P: 'a`.
fn publish_within<'a, P: Publisher>(
    publisher: &'a P,
    batch: &'a [OutboxMessage],
) -> impl Future<Output = Vec<Result<(), PublishError>>> + Send + 'a {
    publisher.publish(batch)
}
// ANCHOR_END: explicit

// ANCHOR: boxing
/// Erases any publisher into a trait object that lives as long as it may:
/// `P: 'a` is what allows `Box<dyn DynPublisher + 'a>`.
fn erase<'a, P: Publisher + 'a>(publisher: P) -> Box<dyn DynPublisher + 'a> {
    Box::new(publisher)
}

/// Generic code from lesson 04: any `Publisher`, boxed or not.
async fn relay_once<P: Publisher>(publisher: &P, batch: &[OutboxMessage]) -> usize {
    let results = publisher.publish(batch).await;
    results.iter().filter(|result| result.is_ok()).count()
}
// ANCHOR_END: boxing

fn message(id: i64) -> Result<OutboxMessage, outbox_core::InvalidMessage> {
    Ok(OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(format!("order-{id}"))?,
        event_type: "OrderPlaced".into(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    })
}

fn main() -> Result<(), outbox_core::InvalidMessage> {
    // ANCHOR: use
    let log = Mutex::new(Vec::new());
    let batch = vec![message(1)?, message(2)?];
    let recorder = Recorder { log: &log };

    let explicit = block_on(publish_explicit(&recorder, &batch[..1]));
    let within = block_on(publish_within(&recorder, &batch[1..]));
    println!("explicit: {explicit:?}, within: {within:?}");

    // A `Box<dyn DynPublisher + '_>` that borrows `log`. It is a `Publisher`
    // only because the bridge implements `Publisher` for every `'p`.
    let boxed = erase(Recorder { log: &log });
    println!(
        "relay_once on the box: {} sent",
        block_on(relay_once(&boxed, &batch))
    );
    let future: PublishFuture<'_> = boxed.as_ref().publish_boxed(&batch);
    println!("publish_boxed: {} results", block_on(future).len());

    let entries = log.lock().map(|log| log.join(" ")).unwrap_or_default();
    println!("log: {entries}");
    // ANCHOR_END: use
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrowing_box_is_a_publisher() {
        let log = Mutex::new(Vec::new());
        let boxed: Box<dyn DynPublisher + '_> = erase(Recorder { log: &log });
        let batch = [message(7).expect("valid")];
        assert_eq!(block_on(relay_once(&boxed, &batch)), 1);
        assert_eq!(*log.lock().expect("not poisoned"), ["outbox-7"]);
    }

    #[test]
    fn both_spellings_publish_the_same() {
        let log = Mutex::new(Vec::new());
        let recorder = Recorder { log: &log };
        let batch = [message(1).expect("valid")];
        assert_eq!(
            block_on(publish_explicit(&recorder, &batch)),
            block_on(publish_within(&recorder, &batch))
        );
    }
}
