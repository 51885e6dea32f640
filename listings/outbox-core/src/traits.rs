//! The two seams of the bridge: where messages come from, and where they go.
//!
//! Both traits use `async fn`-style methods (return-position `impl Future`),
//! so the relay is generic over them and every call is statically
//! dispatched. [`DynPublisher`] is the object-safe twin for the one place that
//! picks a publisher at run time (the binary's configuration).

use crate::error::{PublishError, StoreError};
use crate::message::{AggregateId, MessageId, OutboxMessage};
use crate::state::MessageState;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Everything the relay writes back after one batch, applied in one
/// transaction so a crash never leaves half a batch recorded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Updates {
    /// Confirmed by the broker, each with the aggregate it was claimed
    /// with: the store moves that aggregate's lease past it without reading
    /// the rows back from the outbox.
    pub sent: Vec<(MessageId, AggregateId)>,
    /// Failed messages with their next state (`Pending` for a retry after
    /// backoff, `DeadLettered` when the relay gave up).
    pub failed: Vec<(MessageId, MessageState)>,
    /// Given back unpublished, for another claim.
    pub released: Vec<MessageId>,
}

impl Updates {
    /// Every message of `batch` confirmed, nothing else.
    pub fn all_sent(batch: &[OutboxMessage]) -> Self {
        Self {
            sent: batch
                .iter()
                .map(|m| (m.id, m.aggregate_id.clone()))
                .collect(),
            ..Self::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sent.is_empty() && self.failed.is_empty() && self.released.is_empty()
    }
}

/// Where the relay finds messages to publish.
// ANCHOR: store
pub trait OutboxStore: Send + Sync {
    /// Leases up to `limit` publishable messages for `lease`, oldest first.
    ///
    /// A message is publishable when it is pending and its aggregate is
    /// free: no earlier message of it is waiting out a retry, and no other
    /// relay holds it (or that relay's lease ran out). That is what keeps
    /// each aggregate in order across retries and relays. Several relays may
    /// claim at once; no aggregate is handed to two of them.
    fn claim(
        &self,
        limit: usize,
        lease: Duration,
    ) -> impl Future<Output = Result<Vec<OutboxMessage>, StoreError>> + Send;

    /// Records a batch's results in one transaction.
    fn record(&self, updates: &Updates) -> impl Future<Output = Result<(), StoreError>> + Send;
}
// ANCHOR_END: store

/// Where messages go: a broker, or standard output.
// ANCHOR: publisher
pub trait Publisher: Send + Sync {
    /// A short name for logs and metrics (`rabbitmq`, `nats`, `stdout`).
    fn name(&self) -> &str;

    /// Publishes a batch and waits for the broker to confirm it.
    ///
    /// Returns exactly one result per message, in batch order. Implementations
    /// pipeline: they send the whole batch before awaiting confirms. The
    /// relay may call `publish` concurrently, but only with batches of
    /// different aggregates; a later message of an aggregate is published
    /// only after the call that published the earlier one has returned.
    fn publish(
        &self,
        batch: &[OutboxMessage],
    ) -> impl Future<Output = Vec<Result<(), PublishError>>> + Send;

    /// Whether the broker can take messages now, reconnecting if needed:
    /// what a readiness probe asks. Sinks with nothing to reach keep the
    /// default, which says yes.
    fn check(&self) -> impl Future<Output = Result<(), PublishError>> + Send {
        async { Ok(()) }
    }
}
// ANCHOR_END: publisher

/// The boxed future a [`DynPublisher`] returns.
pub type PublishFuture<'a> =
    Pin<Box<dyn Future<Output = Vec<Result<(), PublishError>>> + Send + 'a>>;

/// The boxed future of [`DynPublisher::check_boxed`].
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<(), PublishError>> + Send + 'a>>;

/// An object-safe [`Publisher`], for choosing one at run time:
/// `Box<dyn DynPublisher>`. Every `Publisher` is one, by the blanket impl below.
// ANCHOR: dyn_publisher
pub trait DynPublisher: Send + Sync {
    fn name(&self) -> &str;
    fn publish_boxed<'a>(&'a self, batch: &'a [OutboxMessage]) -> PublishFuture<'a>;
    fn check_boxed(&self) -> CheckFuture<'_>;
}

impl<P: Publisher> DynPublisher for P {
    fn name(&self) -> &str {
        Publisher::name(self)
    }

    fn publish_boxed<'a>(&'a self, batch: &'a [OutboxMessage]) -> PublishFuture<'a> {
        Box::pin(self.publish(batch))
    }

    fn check_boxed(&self) -> CheckFuture<'_> {
        Box::pin(self.check())
    }
}

/// And a boxed one is a `Publisher` again, so the generic relay accepts it;
/// for any lifetime of the box, which `tokio::spawn` of that relay needs.
impl<'p> Publisher for Box<dyn DynPublisher + 'p> {
    fn name(&self) -> &str {
        self.as_ref().name()
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        self.as_ref().publish_boxed(batch).await
    }

    async fn check(&self) -> Result<(), PublishError> {
        self.as_ref().check_boxed().await
    }
}
// ANCHOR_END: dyn_publisher

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{AggregateId, UnixMillis};

    /// Accepts everything except messages whose payload is empty.
    struct Picky;

    impl Publisher for Picky {
        fn name(&self) -> &str {
            "picky"
        }

        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
            batch
                .iter()
                .map(|m| {
                    if m.payload.is_empty() {
                        Err(PublishError::Rejected("empty payload".into()))
                    } else {
                        Ok(())
                    }
                })
                .collect()
        }
    }

    fn message(id: i64, payload: &str) -> OutboxMessage {
        OutboxMessage {
            event_id: crate::EventId::new(),
            id: MessageId(id),
            aggregate_id: AggregateId::new("order-1").expect("valid"),
            event_type: "OrderPlaced".into(),
            payload: payload.as_bytes().to_vec(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        }
    }

    #[test]
    fn a_publisher_chosen_at_run_time_behaves_like_the_static_one() {
        let publishers: Vec<Box<dyn DynPublisher>> = vec![Box::new(Picky)];
        let batch = [message(1, "{}"), message(2, "")];
        for publisher in &publishers {
            let results = futures::executor::block_on(Publisher::publish(publisher, &batch));
            assert_eq!(Publisher::name(publisher), "picky");
            assert_eq!(
                results,
                [Ok(()), Err(PublishError::Rejected("empty payload".into()))]
            );
        }
    }
}
