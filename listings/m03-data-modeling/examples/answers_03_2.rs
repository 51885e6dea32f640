//! Answers to the exercises of lesson 03.2.
//!
//! Run with `cargo run -p m03-data-modeling --example answers_03_2`.

// ANCHOR: answer2
mod answer2 {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Lease {
        pub(crate) holder: String,
        pub(crate) expires_at: u64,
        pub(crate) renewals: u32,
    }

    #[derive(Debug, PartialEq, Eq)]
    pub(crate) struct Released {
        pub(crate) holder: String,
        pub(crate) renewals: u32,
    }

    impl Lease {
        pub(crate) fn is_live(&self, now: u64) -> bool {
            now < self.expires_at
        }

        /// Compiles with a clone, but it no longer ends the lease: the
        /// caller keeps a lease that was "released".
        pub(crate) fn release(&self) -> Released {
            Released {
                holder: self.holder.clone(),
                renewals: self.renewals,
            }
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::time::Duration;

    /// The derived `Default` sets every field to its type's default.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub(crate) struct RelayConfig {
        pub(crate) broker_url: String,
        pub(crate) batch_size: usize,
        pub(crate) lanes: usize,
        pub(crate) lease: Duration,
    }

    impl RelayConfig {
        pub(crate) const DEFAULT_BATCH: usize = 100;

        pub(crate) fn new(broker_url: impl Into<String>) -> Self {
            Self {
                broker_url: broker_url.into(),
                ..Self::default()
            }
        }
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use outbox_core::{AggregateId, NewMessage};

    #[derive(Debug, Default)]
    #[must_use = "a builder does nothing until `build` is called"]
    pub(crate) struct MessageBuilder {
        aggregate_id: Option<String>,
        event_type: Option<String>,
        payload: Vec<u8>,
    }

    impl MessageBuilder {
        pub(crate) fn new() -> Self {
            Self::default()
        }

        pub(crate) fn aggregate(mut self, id: impl Into<String>) -> Self {
            self.aggregate_id = Some(id.into());
            self
        }

        pub(crate) fn event_type(mut self, name: impl Into<String>) -> Self {
            self.event_type = Some(name.into());
            self
        }

        pub(crate) fn payload(mut self, bytes: impl Into<Vec<u8>>) -> Self {
            self.payload = bytes.into();
            self
        }

        /// The new setter: consumes the builder and hands it on to `payload`,
        /// which consumes it again and returns it.
        pub(crate) fn json(self, value: &str) -> Self {
            self.payload(value)
        }

        /// The listing's `build`, shortened: `None` instead of a `BuildError`.
        pub(crate) fn build(self) -> Option<NewMessage> {
            let aggregate_id = AggregateId::new(self.aggregate_id?).ok()?;
            NewMessage::new(aggregate_id, self.event_type?, self.payload).ok()
        }
    }
}
// ANCHOR_END: answer4

fn main() {
    let lease = answer2::Lease {
        holder: "relay-1".to_string(),
        expires_at: 30_000,
        renewals: 0,
    };
    let released = lease.release();
    println!(
        "2. {released:?}, yet the lease is live: {}",
        lease.is_live(0)
    );

    let config = answer3::RelayConfig::new("amqp://rabbit.internal:5672");
    println!(
        "3. derived Default: batch {} (DEFAULT_BATCH is {})",
        config.batch_size,
        answer3::RelayConfig::DEFAULT_BATCH
    );

    let built = answer4::MessageBuilder::new()
        .aggregate("order-42")
        .event_type("OrderPlaced")
        .json(r#"{"total_cents":1999}"#)
        .build();
    if let Some(message) = built {
        println!(
            "4. built {} for {} ({} bytes)",
            message.event_type,
            message.aggregate_id,
            message.payload.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer2_a_borrowing_release_leaves_the_lease_usable() {
        let lease = answer2::Lease {
            holder: "r".into(),
            expires_at: 10,
            renewals: 2,
        };
        assert_eq!(lease.release().renewals, 2);
        assert!(lease.is_live(5), "still here after release");
    }

    #[test]
    fn answer3_derived_default_gives_a_batch_size_of_zero() {
        let config = answer3::RelayConfig::new("x");
        assert_eq!(config.batch_size, 0);
        assert_ne!(config.batch_size, answer3::RelayConfig::DEFAULT_BATCH);
        assert_eq!(answer3::RelayConfig::default().broker_url, "");
    }

    #[test]
    fn answer4_json_sets_the_same_payload_as_payload() {
        let with_json = answer4::MessageBuilder::new()
            .aggregate("a")
            .event_type("E")
            .json("{}")
            .build();
        let with_payload = answer4::MessageBuilder::new()
            .aggregate("a")
            .event_type("E")
            .payload("{}")
            .build();
        // Each build draws a fresh event id; everything else is the same.
        let fields = |m: Option<outbox_core::NewMessage>| {
            m.map(|m| (m.aggregate_id, m.event_type, m.payload))
        };
        assert!(with_json.is_some());
        assert_eq!(fields(with_json), fields(with_payload));
    }
}
