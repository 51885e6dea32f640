//! The relay loop: claim, publish in lanes, settle, record; and stop cleanly.

use crate::metrics::Metrics;
use futures::future::join_all;
use outbox_core::{
    Backoff, MessageId, OutboxMessage, OutboxStore, PublishError, Publisher, RetryPolicy,
    StoreError, UnixMillis, Updates, partition, settle,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

// ANCHOR: relay_config
/// How the relay works.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// Messages claimed per batch.
    pub batch_size: usize,
    /// How long a claim is ours; if the relay dies, the messages come back after it.
    pub lease: Duration,
    /// Lanes published in parallel; each aggregate always uses the same lane.
    pub lanes: usize,
    /// Pause when the outbox is empty.
    pub poll_interval: Duration,
    /// Retries of failed publishes.
    pub retry: RetryPolicy,
    /// Waits between retries of a busy or unreachable database.
    pub store_backoff: Backoff,
    /// After a shutdown request, the time an in-flight batch gets to finish.
    pub shutdown_deadline: Duration,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            batch_size: 500,
            lease: Duration::from_secs(60),
            lanes: 4,
            poll_interval: Duration::from_millis(200),
            retry: RetryPolicy::default(),
            store_backoff: Backoff {
                base: Duration::from_millis(50),
                factor: 2,
                max: Duration::from_secs(5),
                jitter: 0.3,
            },
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}
// ANCHOR_END: relay_config

/// Why the relay stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The outbox cannot be used at all (corrupt, wrong schema, no access).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one run of the relay did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RelayReport {
    pub batches: u64,
    pub published: u64,
    pub failed: u64,
    pub dead_lettered: u64,
    pub released: u64,
}

/// Relays messages from a store to a publisher until cancelled.
#[derive(Debug)]
pub struct Relay<S, P> {
    store: Arc<S>,
    publisher: Arc<P>,
    config: RelayConfig,
    metrics: Arc<Metrics>,
}

impl<S: OutboxStore + 'static, P: Publisher + 'static> Relay<S, P> {
    pub fn new(store: Arc<S>, publisher: Arc<P>, config: RelayConfig) -> Self {
        Self {
            store,
            publisher,
            config,
            metrics: Arc::default(),
        }
    }

    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// Runs until `shutdown` is cancelled (or the outbox becomes unusable).
    ///
    /// On shutdown it stops claiming, gives the batch in flight up to
    /// `shutdown_deadline` to be published and recorded, and releases what
    /// it could not publish; anything it could not even record comes back
    /// when its lease runs out. Nothing is lost either way.
    // ANCHOR: run
    pub async fn run(&self, shutdown: CancellationToken) -> Result<RelayReport, RelayError> {
        let mut report = RelayReport::default();
        let mut store_failures = 0u32;
        info!(publisher = self.publisher.name(), "relay started");
        while !shutdown.is_cancelled() {
            // Not raced against `shutdown`: dropping a claim half-way is not
            // cancellation-safe (the database may commit the lease after we
            // stopped listening, stranding the batch until the lease ends).
            let claimed = self
                .store
                .claim(self.config.batch_size, self.config.lease)
                .await;
            let batch = match claimed {
                Ok(batch) => {
                    store_failures = 0;
                    batch
                }
                Err(e) if e.is_retryable() => {
                    store_failures += 1;
                    self.metrics.store_errors.fetch_add(1, Ordering::Relaxed);
                    let wait = self
                        .config
                        .store_backoff
                        .delay(store_failures, fastrand::f64());
                    warn!(error = %e, ?wait, "claiming failed; retrying");
                    self.pause(wait, &shutdown).await;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if batch.is_empty() {
                self.pause(self.config.poll_interval, &shutdown).await;
                continue;
            }
            if shutdown.is_cancelled() {
                // Asked to stop while claiming: hand the batch straight back.
                let updates = Updates {
                    released: batch.iter().map(|m| m.id).collect(),
                    ..Updates::default()
                };
                self.count(&updates, &mut report);
                self.record(&updates, &shutdown).await;
                break;
            }
            self.process(batch, &shutdown, &mut report).await;
        }
        info!(?report, "relay stopped");
        Ok(report)
    }
    // ANCHOR_END: run

    // ANCHOR: pause
    async fn pause(&self, wait: Duration, shutdown: &CancellationToken) {
        tokio::select! {
            () = shutdown.cancelled() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
    // ANCHOR_END: pause

    /// Publishes one batch in lanes and records the outcome.
    // ANCHOR: process
    async fn process(
        &self,
        batch: Vec<OutboxMessage>,
        shutdown: &CancellationToken,
        report: &mut RelayReport,
    ) {
        let lanes = partition(batch.clone(), self.config.lanes);
        let publishing = join_all(
            lanes
                .iter()
                .filter(|l| !l.is_empty())
                .map(|lane| async move {
                    let results = self.publisher.publish(lane).await;
                    lane.iter().map(|m| m.id).zip(results).collect::<Vec<_>>()
                }),
        );
        // Once shutdown starts, the batch has `shutdown_deadline` to finish.
        let deadline = async {
            shutdown.cancelled().await;
            tokio::time::sleep(self.config.shutdown_deadline).await;
        };
        let outcomes: HashMap<MessageId, Result<(), PublishError>> = tokio::select! {
            lanes = publishing => lanes.into_iter().flatten().collect(),
            () = deadline => {
                warn!(messages = batch.len(), "shutdown deadline reached while publishing; releasing the batch");
                HashMap::new()
            }
        };
        let mut outcomes = outcomes;
        let results = batch.iter().map(|m| outcomes.remove(&m.id)).collect();
        let updates = settle(&batch, results).into_updates(
            &batch,
            &self.config.retry,
            UnixMillis::now(),
            fastrand::f64,
        );
        self.count(&updates, report);
        self.record(&updates, shutdown).await;
    }
    // ANCHOR_END: process

    fn count(&self, updates: &Updates, report: &mut RelayReport) {
        let dead = updates
            .failed
            .iter()
            .filter(|(_, next)| matches!(next, outbox_core::MessageState::DeadLettered { .. }))
            .count();
        let m = &self.metrics;
        Metrics::add(&m.published, updates.sent.len());
        Metrics::add(&m.failed, updates.failed.len());
        Metrics::add(&m.retried, updates.failed.len() - dead);
        Metrics::add(&m.dead_lettered, dead);
        Metrics::add(&m.released, updates.released.len());
        Metrics::add(&m.batches, 1);
        report.batches += 1;
        report.published += updates.sent.len() as u64;
        report.failed += updates.failed.len() as u64;
        report.dead_lettered += dead as u64;
        report.released += updates.released.len() as u64;
        debug!(
            sent = updates.sent.len(),
            failed = updates.failed.len(),
            released = updates.released.len(),
            "batch settled"
        );
    }

    // ANCHOR: record
    /// Records a batch, retrying a busy or unreachable database. If it cannot
    /// (shutdown deadline, unusable database), the leases expire and the
    /// messages are published again: a duplicate, never a loss.
    async fn record(&self, updates: &Updates, shutdown: &CancellationToken) {
        let deadline = async {
            shutdown.cancelled().await;
            tokio::time::sleep(self.config.shutdown_deadline).await;
        };
        tokio::pin!(deadline);
        let mut attempt = 0u32;
        loop {
            let error = match self.store.record(updates).await {
                Ok(()) => return,
                Err(e) => e,
            };
            self.metrics.store_errors.fetch_add(1, Ordering::Relaxed);
            if !error.is_retryable() {
                warn!(%error, "recording a batch failed; its messages will be retried after their lease");
                return;
            }
            attempt += 1;
            let wait = self.config.store_backoff.delay(attempt, fastrand::f64());
            warn!(%error, ?wait, "recording a batch failed; retrying");
            tokio::select! {
                () = &mut deadline => {
                    warn!("shutdown deadline reached while recording; leases will return the messages");
                    return;
                }
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
    // ANCHOR_END: record
}
