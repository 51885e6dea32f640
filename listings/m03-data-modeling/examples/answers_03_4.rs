//! Answers to the exercises of lesson 03.4.
//!
//! Run with `cargo run -p m03-data-modeling --example answers_03_4`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, UnixMillis, settle};

fn message(id: i64, aggregate: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate)
            .expect("the answers' aggregate ids are not empty"),
        event_type: "OrderEvent".to_string(),
        payload: Vec::new(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

// ANCHOR: answer1
mod answer1 {
    use outbox_core::{MessageId, OutboxMessage};
    use std::collections::BTreeMap;

    #[derive(Debug, Default)]
    pub(crate) struct MemoryOutbox {
        pub(crate) messages: BTreeMap<MessageId, OutboxMessage>,
    }

    impl MemoryOutbox {
        pub(crate) fn find(&self, id: MessageId) -> Option<&OutboxMessage> {
            self.messages.get(&id)
        }

        /// The exercise's version: `unwrap` where `?` was. Fine for ids that
        /// exist; a panic ("called `Option::unwrap()` on a `None` value")
        /// for one that does not.
        pub(crate) fn next_in_aggregate(&self, id: MessageId) -> Option<MessageId> {
            let current = self.find(id).unwrap();
            self.messages
                .values()
                .find(|m| m.id > id && m.aggregate_id == current.aggregate_id)
                .map(|m| m.id)
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::fmt;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) enum ConfigError {
        Missing(&'static str),
        NotANumber {
            key: &'static str,
            value: String,
        },
        /// The new variant. `Display`'s `match` had to learn it (E0004).
        NotABool {
            key: &'static str,
            value: String,
        },
    }

    impl fmt::Display for ConfigError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                ConfigError::Missing(key) => write!(f, "{key} is not set"),
                ConfigError::NotANumber { key, value } => {
                    write!(f, "{key}={value:?} is not a number")
                }
                ConfigError::NotABool { key, value } => {
                    write!(f, "{key}={value:?} is not true or false")
                }
            }
        }
    }

    #[derive(Debug, PartialEq, Eq)]
    pub(crate) struct Settings {
        pub(crate) broker_url: String,
        pub(crate) lanes: u32,
        pub(crate) verbose: bool,
    }

    fn var<'a>(env: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
        env.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    pub(crate) fn load(env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let broker_url =
            var(env, "RELAY_BROKER_URL").ok_or(ConfigError::Missing("RELAY_BROKER_URL"))?;
        let lanes = var(env, "RELAY_LANES")
            .map(|raw| {
                raw.trim()
                    .parse::<u32>()
                    .map_err(|_| ConfigError::NotANumber {
                        key: "RELAY_LANES",
                        value: raw.to_string(),
                    })
            })
            .transpose()?
            .unwrap_or(4);
        // Was `.and_then(|raw| raw.parse().ok())`: now a bad flag is an error.
        let verbose = var(env, "RELAY_VERBOSE")
            .map(|raw| {
                raw.parse::<bool>().map_err(|_| ConfigError::NotABool {
                    key: "RELAY_VERBOSE",
                    value: raw.to_string(),
                })
            })
            .transpose()?
            .unwrap_or(false);
        Ok(Settings {
            broker_url: broker_url.to_string(),
            lanes,
            verbose,
        })
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// One result per line instead of all or nothing: the return type changes
/// from `Result<Vec<i64>, String>` to `Vec<Result<i64, String>>`.
fn parse_redrive_lines(lines: &[&str]) -> Vec<Result<i64, String>> {
    lines
        .iter()
        .map(|line| {
            line.trim()
                .parse::<i64>()
                .map_err(|e| format!("line {line:?}: {e}"))
        })
        .collect()
}
// ANCHOR_END: answer3

// ANCHOR: answer5
fn lookup(key: &str) -> Option<&'static str> {
    if key == "RELAY_BATCH_SIZE" {
        Some("100")
    } else {
        None
    }
}

/// The compiler's suggestion applied: `ok_or` turns `None` into an `Err`,
/// and `?` converts its `&str` into the function's `String` error.
fn batch_size(key: &str) -> Result<u32, String> {
    let raw = lookup(key).ok_or("RELAY_BATCH_SIZE is not set")?;
    raw.parse::<u32>().map_err(|e| e.to_string())
}
// ANCHOR_END: answer5

fn main() {
    let mut outbox = answer1::MemoryOutbox::default();
    for m in [message(1, "order-1"), message(2, "order-1")] {
        outbox.messages.insert(m.id, m);
    }
    println!(
        "1. next after 1: {:?}",
        outbox.next_in_aggregate(MessageId(1))
    );

    let env = [
        ("RELAY_BROKER_URL", "amqp://rabbit:5672"),
        ("RELAY_VERBOSE", "true"),
    ];
    println!("2. {:?}", answer2::load(&env));
    let bad = [
        ("RELAY_BROKER_URL", "amqp://rabbit:5672"),
        ("RELAY_VERBOSE", "yes"),
    ];
    match answer2::load(&bad) {
        Ok(settings) => println!("2. {settings:?}"),
        Err(error) => println!("2. refused: {error}"),
    }

    println!("3. {:?}", parse_redrive_lines(&["1041", "x", " 1043 "]));

    // ANCHOR: answer4
    let batch = [
        message(1, "order-1"),
        message(2, "order-2"),
        message(3, "order-1"),
        message(4, "order-3"),
        message(5, "order-3"),
    ];
    let timeout = || {
        Some(Err(PublishError::Transient(
            "no confirm before the deadline".into(),
        )))
    };
    let first = settle(
        &batch,
        vec![
            timeout(),
            Some(Ok(())),
            Some(Err(PublishError::Transient("connection reset".into()))),
            Some(Ok(())), // was `None`: message 4 is now confirmed
        ],
    );
    println!("4. sent {:?}, released {:?}", first.sent, first.released);
    let second = settle(
        &batch,
        vec![timeout(), Some(Ok(())), Some(Ok(())), Some(Ok(()))],
    );
    println!("4. sent {:?}, released {:?}", second.sent, second.released);
    // ANCHOR_END: answer4

    println!("5. {:?}", batch_size("RELAY_BATCH_SIZE"));
    println!("5. {:?}", batch_size("RELAY_LANES"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "called `Option::unwrap()` on a `None` value")]
    fn answer1_unwrap_panics_on_an_unknown_id() {
        let outbox = answer1::MemoryOutbox::default();
        let _ = outbox.next_in_aggregate(MessageId(99));
    }

    #[test]
    fn answer2_a_bad_flag_is_an_error_and_true_is_true() {
        let url = ("RELAY_BROKER_URL", "x");
        let on = answer2::load(&[url, ("RELAY_VERBOSE", "true")]).expect("a valid flag");
        assert!(on.verbose);
        assert_eq!(
            answer2::load(&[url, ("RELAY_VERBOSE", "yes")]),
            Err(answer2::ConfigError::NotABool {
                key: "RELAY_VERBOSE",
                value: "yes".into()
            })
        );
        assert!(!answer2::load(&[url]).expect("the flag is optional").verbose);
    }

    #[test]
    fn answer3_every_line_keeps_its_own_result() {
        let results = parse_redrive_lines(&["1", "x", "3"]);
        assert_eq!(results.len(), 3);
        assert_eq!(results[0], Ok(1));
        assert!(results[1].is_err());
        assert_eq!(results[2], Ok(3));
    }

    #[test]
    fn answer4_a_confirmed_message_is_sent_whatever_came_before() {
        let batch = [
            message(1, "order-1"),
            message(2, "order-2"),
            message(3, "order-1"),
            message(4, "order-3"),
            message(5, "order-3"),
        ];
        let failed = || Some(Err(PublishError::Transient("t".into())));
        let s = settle(&batch, vec![failed(), Some(Ok(())), failed(), Some(Ok(()))]);
        assert_eq!(s.sent, [MessageId(2), MessageId(4)]);
        assert_eq!(s.released, [MessageId(3), MessageId(5)]);
        let s = settle(
            &batch,
            vec![failed(), Some(Ok(())), Some(Ok(())), Some(Ok(()))],
        );
        assert_eq!(s.sent, [MessageId(2), MessageId(3), MessageId(4)]);
        assert_eq!(s.released, [MessageId(5)]);
    }

    #[test]
    fn answer5_ok_or_then_question_mark() {
        assert_eq!(batch_size("RELAY_BATCH_SIZE"), Ok(100));
        assert_eq!(
            batch_size("RELAY_LANES"),
            Err("RELAY_BATCH_SIZE is not set".to_string())
        );
    }
}
