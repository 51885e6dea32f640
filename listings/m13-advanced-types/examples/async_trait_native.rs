//! Native `async fn` in a trait (stable since Rust 1.75): static dispatch,
//! no boxing, and implementors that need not be `Send`.
//!
//! Run with `cargo run -p m13-advanced-types --example async_trait_native`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis};
use std::cell::RefCell;
use std::rc::Rc;

// ANCHOR: trait
/// Like the bridge's `Publisher`, but with a plain `async fn`: each
/// implementor's `publish` returns its own anonymous future type.
trait LocalPublisher {
    fn name(&self) -> &str;
    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>>;
}
// ANCHOR_END: trait

// ANCHOR: impl
/// Records what it was given in an `Rc<RefCell<..>>`: fine for a
/// single-threaded caller, and impossible to send to another thread.
struct Recording {
    seen: Rc<RefCell<Vec<MessageId>>>,
}

impl LocalPublisher for Recording {
    fn name(&self) -> &str {
        "recording"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        self.seen.borrow_mut().extend(batch.iter().map(|m| m.id));
        tokio::task::yield_now().await; // a real await point, as a broker call would have
        batch.iter().map(|_| Ok(())).collect()
    }
}
// ANCHOR_END: impl

// ANCHOR: caller
/// A generic caller that awaits in place: statically dispatched, no allocation.
async fn publish_all<P: LocalPublisher>(publisher: &P, batches: &[Vec<OutboxMessage>]) -> usize {
    let mut confirmed = 0;
    for batch in batches {
        let results = publisher.publish(batch).await;
        confirmed += results.iter().filter(|r| r.is_ok()).count();
    }
    confirmed
}
// ANCHOR_END: caller

fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-1").expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let publisher = Recording {
        seen: Rc::clone(&seen),
    };
    let batches = vec![vec![message(1), message(2)], vec![message(3)]];
    let confirmed = publish_all(&publisher, &batches).await;
    println!(
        "{} confirmed {confirmed}, saw {:?}",
        publisher.name(),
        seen.borrow()
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_non_send_publisher_works_with_a_local_caller() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let publisher = Recording {
            seen: Rc::clone(&seen),
        };
        assert_eq!(publish_all(&publisher, &[vec![message(7)]]).await, 1);
        assert_eq!(*seen.borrow(), [MessageId(7)]);
    }
}
