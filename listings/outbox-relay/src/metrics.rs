//! What the relay has done, as metrics a Prometheus server can scrape.

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

// ANCHOR: metrics
/// The relay's metrics, shared by the relay and the HTTP endpoint. The
/// counters and gauges are atomics inside (`prometheus-client`'s types), so
/// the relay updates them on its hot path without a lock; the histograms
/// keep their buckets behind a mutex, uncontended but for a `/metrics`
/// render (lesson 15.3).
#[derive(Debug)]
pub struct Metrics {
    pub published: Counter,
    pub retried: Counter,
    pub failed: Counter,
    pub dead_lettered: Counter,
    pub released: Counter,
    pub batches: Counter,
    pub store_errors: Counter,
    /// Broker outages met (each counted once, however long it lasts).
    pub outages: Counter,
    /// Publishes JetStream acknowledged as duplicates (`PubAck.duplicate`):
    /// a retry of a message it already stored. Delivered, and counted here.
    pub duplicate_acks: Counter,
    /// 1 while the broker is unavailable and the relay waits for it.
    pub broker_down: Gauge,
    /// Messages not yet sent (pending or in flight), from the last poll.
    pub backlog: Gauge,
    /// Dead letters in the outbox now, poison rows included, from the last poll.
    pub dead_letters: Gauge,
    /// Age in seconds of the oldest unsent message, from the last poll.
    pub lag_seconds: Gauge<f64, AtomicU64>,
    /// From the commit of a message to the broker's confirm of it.
    pub delivery_seconds: Histogram,
    /// How long publishing a batch took, confirms included.
    pub batch_publish_seconds: Histogram,
    registry: Registry,
}

impl Default for Metrics {
    fn default() -> Self {
        let metrics = Self {
            published: Counter::default(),
            retried: Counter::default(),
            failed: Counter::default(),
            dead_lettered: Counter::default(),
            released: Counter::default(),
            batches: Counter::default(),
            store_errors: Counter::default(),
            outages: Counter::default(),
            duplicate_acks: Counter::default(),
            broker_down: Gauge::default(),
            backlog: Gauge::default(),
            dead_letters: Gauge::default(),
            lag_seconds: Gauge::default(),
            // 1 ms to about 65 s, doubling.
            delivery_seconds: Histogram::new(exponential_buckets(0.001, 2.0, 17)),
            // 100 µs to about 6.5 s, doubling.
            batch_publish_seconds: Histogram::new(exponential_buckets(0.0001, 2.0, 17)),
            registry: Registry::default(),
        };
        metrics.registered()
    }
}

impl Metrics {
    /// Registers every metric under its name. The registry holds clones,
    /// which share their atomics with the fields.
    fn registered(mut self) -> Self {
        let r = &mut self.registry;
        let counters = [
            (
                "outbox_published",
                "Messages confirmed by the broker.",
                &self.published,
            ),
            (
                "outbox_retried",
                "Failed publishes scheduled for another attempt.",
                &self.retried,
            ),
            (
                "outbox_failed",
                "Publish attempts that failed.",
                &self.failed,
            ),
            (
                "outbox_dead_lettered",
                "Messages the relay gave up on.",
                &self.dead_lettered,
            ),
            (
                "outbox_released",
                "Messages given back unpublished (ordering, shutdown).",
                &self.released,
            ),
            (
                "outbox_batches",
                "Batches claimed and processed.",
                &self.batches,
            ),
            (
                "outbox_store_errors",
                "Outbox database calls that failed.",
                &self.store_errors,
            ),
            (
                "outbox_broker_outages",
                "Broker outages met; they cost no message an attempt.",
                &self.outages,
            ),
            (
                "outbox_duplicate_acks",
                "Publishes the broker acknowledged as duplicates of a message it already had.",
                &self.duplicate_acks,
            ),
        ];
        for (name, help, counter) in counters {
            r.register(name, help, counter.clone());
        }
        let gauges = [
            (
                "outbox_broker_down",
                "1 while the broker is unavailable and the relay waits for it.",
                &self.broker_down,
            ),
            ("outbox_backlog", "Messages not yet sent.", &self.backlog),
            (
                "outbox_dead_letters",
                "Dead letters in the outbox, poison rows included.",
                &self.dead_letters,
            ),
        ];
        for (name, help, gauge) in gauges {
            r.register(name, help, gauge.clone());
        }
        r.register(
            "outbox_lag_seconds",
            "Age of the oldest unsent message.",
            self.lag_seconds.clone(),
        );
        r.register(
            "outbox_delivery_seconds",
            "From a message's commit to the broker's confirm of it.",
            self.delivery_seconds.clone(),
        );
        r.register(
            "outbox_batch_publish_seconds",
            "Time to publish a batch, confirms included.",
            self.batch_publish_seconds.clone(),
        );
        self
    }

    pub fn add(counter: &Counter, n: usize) {
        counter.inc_by(u64::try_from(n).unwrap_or(u64::MAX));
    }

    pub fn observe(histogram: &Histogram, elapsed: Duration) {
        histogram.observe(elapsed.as_secs_f64());
    }

    /// The OpenMetrics text format (which Prometheus scrapes), `# EOF` last.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a `String` cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}
// ANCHOR_END: metrics

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_openmetrics_text() {
        let metrics = Metrics::default();
        Metrics::add(&metrics.published, 3);
        metrics.lag_seconds.set(1.5);
        Metrics::observe(&metrics.delivery_seconds, Duration::from_millis(3));
        let text = metrics.render();
        for expected in [
            "# TYPE outbox_published counter\noutbox_published_total 3\n",
            "outbox_lag_seconds 1.5\n",
            "# TYPE outbox_delivery_seconds histogram\n",
            "outbox_delivery_seconds_bucket{le=\"0.004\"} 1\n",
            "outbox_delivery_seconds_count 1\n",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
