//! Answers to the exercises of lesson 03.3.
//!
//! Run with `cargo run -p m03-data-modeling --example answers_03_3`.

use outbox_core::{
    Backoff, Failure, InvalidTransition, MessageState, PublishError, RetryPolicy, UnixMillis,
};
use std::time::Duration;

// ANCHOR: answer1
mod answer1 {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) enum Sink {
        Stdout,
        RabbitMq { exchange: String },
        Nats { subject_prefix: String },
        Kafka { topic: String },
    }

    impl Sink {
        /// The first E0004: Kafka talks to a cluster, so `true`.
        pub(crate) fn needs_network(&self) -> bool {
            match self {
                Sink::Stdout => false,
                Sink::RabbitMq { .. } | Sink::Nats { .. } | Sink::Kafka { .. } => true,
            }
        }

        /// The second E0004: Kafka's destination is a topic.
        pub(crate) fn destination(&self, event_type: &str) -> String {
            match self {
                Sink::Stdout => "stdout".to_string(),
                Sink::RabbitMq { exchange } => format!("exchange {exchange}, key {event_type}"),
                Sink::Nats { subject_prefix } => format!("subject {subject_prefix}.{event_type}"),
                Sink::Kafka { topic } => format!("topic {topic}, key {event_type}"),
            }
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) enum Sink {
        Stdout,
        RabbitMq { exchange: String },
        Nats { subject_prefix: String },
        Kafka { topic: String },
    }

    impl Sink {
        /// With a catch-all, adding `Kafka` raised no error here. `true`
        /// happens to be right for Kafka; for a new `File` sink it would not be.
        #[allow(clippy::match_like_matches_macro)] // the `match` is the exercise
        pub(crate) fn needs_network(&self) -> bool {
            match self {
                Sink::Stdout => false,
                _ => true,
            }
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct CloseReason {
        pub(crate) code: u16,
        pub(crate) text: String,
    }

    /// Only the `Closed(Some(..))` arms of `classify`, with `code: 320` moved
    /// below the guard: a forced close whose text says ACCESS_REFUSED now
    /// stops at the guard, the first arm that matches.
    pub(crate) fn classify_closed(reason: &CloseReason) -> String {
        match reason {
            CloseReason { code, text } if text.contains("ACCESS_REFUSED") => {
                format!("closed with {code}, credentials refused: page a human")
            }
            CloseReason { code: 320, .. } => "connection forced closed: reconnect".to_string(),
            CloseReason { code, .. } => format!("closed with {code}: reconnect"),
        }
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    /// `[]` is back, `[""]` is not: `""` splits into one empty segment,
    /// which `[only]` now matches.
    pub(crate) fn route(subject: &str) -> String {
        let parts: Vec<&str> = subject.split('.').collect();
        match parts.as_slice() {
            [] => "empty subject".to_string(),
            ["orders", region, event] => format!("order event {event} for region {region}"),
            ["audit", rest @ ..] => format!("audit trail, {} more segment(s)", rest.len()),
            [only] => format!("single segment {only}"),
            [first, .., last] => format!("{first} … {last}"),
        }
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// Message 1 of `lifecycle.rs`, with `sent` called on the `Pending` state
/// right after the failure. `?` returns the refusal from the function.
fn sent_too_early() -> Result<MessageState, InvalidTransition> {
    let policy = RetryPolicy {
        backoff: Backoff {
            base: Duration::from_millis(100),
            factor: 2,
            max: Duration::from_secs(10),
            jitter: 0.0,
        },
        max_attempts: 3,
    };
    let timeout = PublishError::Transient("no confirm before the deadline".to_string());
    let (t0, t1) = (UnixMillis(1_000), UnixMillis(1_100));
    let failure = Failure {
        error: &timeout,
        policy: &policy,
        now: t0,
        random: 0.0,
    };
    let mut state = MessageState::new(t0);
    state = state.claim(t0, t0.after(Duration::from_secs(30)))?;
    state = state.failed(&failure)?;
    state = state.sent(t1)?; // the new line: `state` is `Pending` here
    Ok(state)
}
// ANCHOR_END: answer5

fn main() {
    let kafka = answer1::Sink::Kafka {
        topic: "orders".to_string(),
    };
    println!(
        "1. {kafka:?} network={} -> {}",
        kafka.needs_network(),
        kafka.destination("OrderPlaced")
    );
    let others = [
        answer1::Sink::Stdout,
        answer1::Sink::RabbitMq {
            exchange: "orders".into(),
        },
        answer1::Sink::Nats {
            subject_prefix: "outbox".into(),
        },
    ];
    println!(
        "1. the others still need the network: {:?}",
        others.map(|sink| sink.needs_network())
    );
    let caught_all = [
        answer2::Sink::Stdout,
        answer2::Sink::RabbitMq {
            exchange: "orders".into(),
        },
        answer2::Sink::Nats {
            subject_prefix: "outbox".into(),
        },
        answer2::Sink::Kafka {
            topic: "orders".into(),
        },
    ];
    println!(
        "2. with the catch-all: {:?}",
        caught_all.map(|sink| sink.needs_network())
    );
    let forced = answer3::CloseReason {
        code: 320,
        text: "ACCESS_REFUSED".into(),
    };
    println!("3. {}", answer3::classify_closed(&forced));
    println!("4. route(\"\") = {:?}", answer4::route(""));
    println!("5. main would return {:?}", sent_too_early());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_kafka_is_handled_in_both_matches() {
        let kafka = answer1::Sink::Kafka { topic: "t".into() };
        assert!(kafka.needs_network());
        assert_eq!(kafka.destination("E"), "topic t, key E");
    }

    #[test]
    fn answer2_the_catch_all_answers_for_variants_it_never_saw() {
        assert!(answer2::Sink::Kafka { topic: "t".into() }.needs_network());
        assert!(!answer2::Sink::Stdout.needs_network());
        let rabbit = answer2::Sink::RabbitMq {
            exchange: "x".into(),
        };
        let nats = answer2::Sink::Nats {
            subject_prefix: "y".into(),
        };
        assert!(rabbit.needs_network() && nats.needs_network());
    }

    #[test]
    fn answer3_the_guard_now_wins_for_a_forced_close() {
        let forced = answer3::CloseReason {
            code: 320,
            text: "ACCESS_REFUSED".into(),
        };
        // `earlier_arms_win` expects "connection forced closed: reconnect".
        assert_eq!(
            answer3::classify_closed(&forced),
            "closed with 320, credentials refused: page a human"
        );
        let plain = answer3::CloseReason {
            code: 320,
            text: "CONNECTION_FORCED".into(),
        };
        assert_eq!(
            answer3::classify_closed(&plain),
            "connection forced closed: reconnect"
        );
    }

    #[test]
    fn answer4_an_empty_subject_is_a_single_empty_segment() {
        assert_eq!(answer4::route(""), "single segment ");
        assert_ne!(answer4::route(""), "empty subject");
    }

    #[test]
    fn answer5_sent_is_refused_on_a_pending_message() {
        assert_eq!(
            sent_too_early(),
            Err(InvalidTransition {
                action: "mark as sent",
                state: "pending"
            })
        );
    }
}
