//! Lesson 03.2: associated functions that build values: `new`, `Default`,
//! and named constructors.

use std::time::Duration;

// ANCHOR: config
/// How the relay runs. Build one with the associated functions below.
#[derive(Debug, Clone, PartialEq)]
struct RelayConfig {
    broker_url: String,
    batch_size: usize,
    lanes: usize,
    lease: Duration,
}
// ANCHOR_END: config

// ANCHOR: constructors
impl RelayConfig {
    /// An associated constant: `RelayConfig::DEFAULT_BATCH`.
    const DEFAULT_BATCH: usize = 100;

    /// The common case: a broker URL, and sensible values for the rest.
    fn new(broker_url: impl Into<String>) -> Self {
        Self {
            broker_url: broker_url.into(),
            ..Self::default()
        }
    }

    /// Rebuilds a config from values kept elsewhere (a file, a table row).
    fn from_parts(broker_url: &str, batch_size: usize, lanes: usize, lease_secs: u64) -> Self {
        Self {
            broker_url: broker_url.to_string(),
            batch_size,
            lanes,
            lease: Duration::from_secs(lease_secs),
        }
    }

    /// The demo setup: print to standard output, one lane, small batches.
    fn local_demo() -> Self {
        Self {
            batch_size: 10,
            lanes: 1,
            ..Self::new("stdout://")
        }
    }
}

impl Default for RelayConfig {
    /// Chosen defaults, not zeroes: a derived `Default` would give a batch
    /// size of 0, which is a relay that never publishes anything.
    fn default() -> Self {
        Self {
            broker_url: "amqp://localhost:5672".to_string(),
            batch_size: Self::DEFAULT_BATCH,
            lanes: 4,
            lease: Duration::from_secs(30),
        }
    }
}
// ANCHOR_END: constructors

fn main() {
    // ANCHOR: calls
    let from_url = RelayConfig::new("amqp://rabbit.internal:5672");
    let defaults = RelayConfig::default();
    let inferred: RelayConfig = Default::default(); // the type picks the impl
    let restored = RelayConfig::from_parts("nats://nats.internal:4222", 500, 8, 60);
    let demo = RelayConfig::local_demo();

    assert_eq!(defaults, inferred);
    assert_eq!(from_url.batch_size, RelayConfig::DEFAULT_BATCH);
    for config in [&from_url, &restored, &demo] {
        println!(
            "{:<28} batch {:>3}, {} lane(s), lease {} secs",
            config.broker_url,
            config.batch_size,
            config.lanes,
            config.lease.as_secs()
        );
    }
    // ANCHOR_END: calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_changes_only_the_url() {
        let config = RelayConfig::new("nats://n:4222");
        assert_eq!(config.broker_url, "nats://n:4222");
        assert_eq!(
            RelayConfig {
                broker_url: "amqp://localhost:5672".into(),
                ..config
            },
            RelayConfig::default()
        );
    }

    #[test]
    fn named_constructors_say_what_they_build() {
        let demo = RelayConfig::local_demo();
        assert_eq!((demo.batch_size, demo.lanes), (10, 1));
        let restored = RelayConfig::from_parts("x", 1, 2, 3);
        assert_eq!(restored.lease, Duration::from_secs(3));
    }
}
