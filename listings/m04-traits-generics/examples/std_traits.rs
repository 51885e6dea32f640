//! Lesson 04.1: the standard traits worth implementing for your own types.
//!
//! Run with `cargo run -p m04-traits-generics --example std_traits`.

use std::fmt;
use std::time::Duration;

// ANCHOR: topic
/// A broker topic name. `Debug` is derived: for developers, in logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Topic(String);

/// `Display` is written by hand: how users and operators see the value.
impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "topic:{}", self.0)
    }
}

/// `From` says how to build a `Topic` from a `&str`; `Into` comes for free.
impl From<&str> for Topic {
    fn from(name: &str) -> Self {
        Topic(name.trim().to_lowercase())
    }
}
// ANCHOR_END: topic

// ANCHOR: config
/// The relay's settings. `Default` gives the values a fresh install runs with.
#[derive(Debug, Clone, PartialEq)]
struct RelayConfig {
    batch_size: usize,
    lease: Duration,
    topic: Topic,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            batch_size: 100,
            lease: Duration::from_secs(30),
            topic: Topic::from("outbox"),
        }
    }
}
// ANCHOR_END: config

fn main() {
    // ANCHOR: use
    let explicit = Topic::from(" Orders ");
    let converted: Topic = "payments".into(); // Into, via From
    println!("{explicit} / {converted}"); // Display
    println!("{explicit:?}"); // Debug

    // Override one field, take the rest from Default.
    let config = RelayConfig {
        batch_size: 500,
        ..Default::default()
    };
    println!(
        "batch of {}, lease of {} seconds, {}",
        config.batch_size,
        config.lease.as_secs(),
        config.topic
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_normalises_the_name_and_into_uses_it() {
        let topic: Topic = " Orders ".into();
        assert_eq!(topic, Topic("orders".into()));
        assert_eq!(topic.to_string(), "topic:orders");
    }

    #[test]
    fn default_fills_in_what_you_leave_out() {
        let config = RelayConfig {
            batch_size: 500,
            ..Default::default()
        };
        assert_eq!(config.lease, Duration::from_secs(30));
        assert_eq!(config.topic, Topic("outbox".into()));
    }
}
