//! What the relay has done, as counters a Prometheus server can scrape.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

// ANCHOR: metrics
/// Counters shared by the relay and the metrics endpoint. Plain atomics:
/// the relay bumps them on its hot path without taking a lock.
#[derive(Debug, Default)]
pub struct Metrics {
    pub published: AtomicU64,
    pub retried: AtomicU64,
    pub failed: AtomicU64,
    pub dead_lettered: AtomicU64,
    pub released: AtomicU64,
    pub batches: AtomicU64,
    pub store_errors: AtomicU64,
    /// Broker outages met (each counted once, however long it lasts).
    pub outages: AtomicU64,
    /// 1 while the broker is unavailable and the relay waits for it.
    pub broker_down: AtomicU64,
    /// Publishes JetStream acknowledged as duplicates (`PubAck.duplicate`):
    /// a retry of a message it already stored. Delivered, and counted here.
    pub duplicate_acks: AtomicU64,
    /// Messages not yet sent (pending or in flight), from the last status poll.
    pub backlog: AtomicU64,
    /// Age in milliseconds of the oldest unsent message, from the last status poll.
    pub lag_ms: AtomicI64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64, n: usize) {
        counter.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let counters = [
            (
                "outbox_published_total",
                "Messages confirmed by the broker.",
                &self.published,
            ),
            (
                "outbox_retried_total",
                "Failed publishes scheduled for another attempt.",
                &self.retried,
            ),
            (
                "outbox_failed_total",
                "Publish attempts that failed.",
                &self.failed,
            ),
            (
                "outbox_dead_lettered_total",
                "Messages given up on.",
                &self.dead_lettered,
            ),
            (
                "outbox_released_total",
                "Messages given back unpublished (ordering, shutdown).",
                &self.released,
            ),
            (
                "outbox_batches_total",
                "Batches claimed and processed.",
                &self.batches,
            ),
            (
                "outbox_store_errors_total",
                "Outbox database calls that failed.",
                &self.store_errors,
            ),
            (
                "outbox_broker_outages_total",
                "Broker outages met; they cost no message an attempt.",
                &self.outages,
            ),
            (
                "outbox_duplicate_acks_total",
                "Publishes the broker acknowledged as duplicates of a message it already had.",
                &self.duplicate_acks,
            ),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP outbox_backlog Messages not yet sent.\n# TYPE outbox_backlog gauge\noutbox_backlog {}",
            self.backlog.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP outbox_broker_down 1 while the broker is unavailable and the relay waits for it.\n# TYPE outbox_broker_down gauge\noutbox_broker_down {}",
            self.broker_down.load(Ordering::Relaxed)
        );
        let lag = self.lag_ms.load(Ordering::Relaxed) as f64 / 1000.0;
        let _ = writeln!(
            out,
            "# HELP outbox_lag_seconds Age of the oldest unsent message.\n# TYPE outbox_lag_seconds gauge\noutbox_lag_seconds {lag}"
        );
        out
    }
}
// ANCHOR_END: metrics

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let metrics = Metrics::default();
        Metrics::add(&metrics.published, 3);
        metrics.lag_ms.store(1500, Ordering::Relaxed);
        let text = metrics.render();
        assert!(
            text.contains("# TYPE outbox_published_total counter\noutbox_published_total 3\n"),
            "{text}"
        );
        assert!(text.contains("outbox_lag_seconds 1.5\n"), "{text}");
    }
}
