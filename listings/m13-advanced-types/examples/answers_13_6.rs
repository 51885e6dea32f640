//! Answers to the exercises of lesson 13.6 (GATs and async traits).
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_6`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

// ANCHOR: answer1
mod answer1 {
    use outbox_core::OutboxMessage;

    /// `BatchSource` from `gat_batches.rs`, unchanged.
    pub(crate) trait BatchSource {
        type Batch<'a>: AsRef<[OutboxMessage]>
        where
            Self: 'a;

        fn next_batch<'a>(&'a mut self, max: usize) -> Option<Self::Batch<'a>>;
    }

    /// Hands each batch over by value: the GAT simply ignores its lifetime.
    pub(crate) struct Owned {
        pub(crate) rest: Vec<OutboxMessage>,
    }

    impl BatchSource for Owned {
        type Batch<'a> = Vec<OutboxMessage>;

        fn next_batch(&mut self, max: usize) -> Option<Vec<OutboxMessage>> {
            if self.rest.is_empty() {
                return None;
            }
            let tail = self.rest.split_off(max.min(self.rest.len()));
            Some(std::mem::replace(&mut self.rest, tail))
        }
    }

    /// Owned batches can be kept after asking for the next one. The bound
    /// pins the GAT for every lifetime (a `for<'a>` bound, as in 13.4).
    pub(crate) fn first_two<S>(
        source: &mut S,
        max: usize,
    ) -> (Vec<OutboxMessage>, Vec<OutboxMessage>)
    where
        S: for<'a> BatchSource<Batch<'a> = Vec<OutboxMessage>>,
    {
        let first = source.next_batch(max).unwrap_or_default();
        let second = source.next_batch(max).unwrap_or_default();
        (first, second)
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer3
mod answer3 {
    use outbox_core::{MessageId, OutboxMessage, PublishError};
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::Pin;
    use std::rc::Rc;

    /// `LocalPublisher` from `async_trait_native.rs`, unchanged.
    pub(crate) trait LocalPublisher {
        fn name(&self) -> &str;
        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>>;
    }

    /// Boxed, but not `Send`: a local publisher's future need not be.
    pub(crate) type LocalPublishFuture<'a> =
        Pin<Box<dyn Future<Output = Vec<Result<(), PublishError>>> + 'a>>;

    /// The dyn-compatible twin, as `DynPublisher` is for `Publisher`.
    pub(crate) trait DynLocalPublisher {
        fn name(&self) -> &str;
        fn publish_boxed<'a>(&'a self, batch: &'a [OutboxMessage]) -> LocalPublishFuture<'a>;
    }

    impl<P: LocalPublisher> DynLocalPublisher for P {
        fn name(&self) -> &str {
            LocalPublisher::name(self)
        }

        fn publish_boxed<'a>(&'a self, batch: &'a [OutboxMessage]) -> LocalPublishFuture<'a> {
            Box::pin(self.publish(batch))
        }
    }

    pub(crate) struct Recording {
        pub(crate) seen: Rc<RefCell<Vec<MessageId>>>,
    }

    impl LocalPublisher for Recording {
        fn name(&self) -> &str {
            "recording"
        }

        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
            self.seen.borrow_mut().extend(batch.iter().map(|m| m.id));
            tokio::task::yield_now().await;
            batch.iter().map(|_| Ok(())).collect()
        }
    }

    pub(crate) struct Refusing;

    impl LocalPublisher for Refusing {
        fn name(&self) -> &str {
            "refusing"
        }

        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
            let refuse = |_| Err(PublishError::Transient("closed".into()));
            batch.iter().map(refuse).collect()
        }
    }
}
// ANCHOR_END: answer3

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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    use answer1::BatchSource;
    let mut owned = answer1::Owned {
        rest: (1..=5).map(message).collect(),
    };
    let (first, second) = answer1::first_two(&mut owned, 2);
    let rest = owned.next_batch(10).unwrap_or_default();
    println!(
        "answer 1: {} then {} then {}",
        first.len(),
        second.len(),
        rest.len()
    );

    use answer3::DynLocalPublisher;
    use std::cell::RefCell;
    use std::rc::Rc;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let publishers: Vec<Box<dyn DynLocalPublisher>> = vec![
        Box::new(answer3::Recording {
            seen: Rc::clone(&seen),
        }),
        Box::new(answer3::Refusing),
    ];
    let batch = [message(1), message(2)];
    for publisher in &publishers {
        let results = publisher.publish_boxed(&batch).await;
        let confirmed = results.iter().filter(|r| r.is_ok()).count();
        println!("answer 3: {} confirmed {confirmed}", publisher.name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use answer1::BatchSource;
    use answer3::DynLocalPublisher;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn owned_batches_cover_every_message_once() {
        let mut owned = answer1::Owned {
            rest: (1..=5).map(message).collect(),
        };
        let mut ids = Vec::new();
        while let Some(batch) = owned.next_batch(2) {
            assert!(batch.len() <= 2);
            ids.extend(batch.iter().map(|m| m.id.0));
        }
        assert_eq!(ids, [1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn boxed_local_publishers_run_in_a_list() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let publishers: Vec<Box<dyn DynLocalPublisher>> = vec![
            Box::new(answer3::Recording {
                seen: Rc::clone(&seen),
            }),
            Box::new(answer3::Refusing),
        ];
        let batch = [message(7)];
        assert_eq!(publishers[0].publish_boxed(&batch).await, [Ok(())]);
        assert!(publishers[1].publish_boxed(&batch).await[0].is_err());
        assert_eq!(*seen.borrow(), [MessageId(7)]);
    }
}
