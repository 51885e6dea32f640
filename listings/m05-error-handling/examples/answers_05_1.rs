//! Answers to the exercises of lesson 05.1 (Result<T, E> and the ? operator).
//! Each answer is a module; `main` runs them and prints what they return.

// ANCHOR: answer1
mod answer1 {
    use std::num::{IntErrorKind, ParseIntError};

    /// The batch size as a `u8`: the return type and the turbofish change.
    pub(crate) fn parse_batch_size(raw: &str) -> Result<u8, ParseIntError> {
        raw.trim().parse::<u8>()
    }

    pub(crate) fn advice(raw: &str) -> &'static str {
        match parse_batch_size(raw) {
            Ok(_) => "fine",
            Err(error) => match error.kind() {
                IntErrorKind::Empty => "set a value or remove the key",
                IntErrorKind::PosOverflow => "use a smaller batch",
                _ => "use digits only",
            },
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::num::ParseIntError;

    /// The same enum, with no `From<ParseIntError>` impl.
    #[derive(Debug, PartialEq)]
    pub(crate) enum ConfigError {
        Zero,
        NotANumber(ParseIntError),
    }

    pub(crate) fn batch_size(raw: &str) -> Result<u32, ConfigError> {
        let size = raw.trim().parse::<u32>().map_err(ConfigError::NotANumber)?;
        if size == 0 {
            return Err(ConfigError::Zero);
        }
        Ok(size)
    }

    pub(crate) fn batch_size_by_hand(raw: &str) -> Result<u32, ConfigError> {
        let size = match raw.trim().parse::<u32>() {
            Ok(value) => value,
            Err(error) => return Err(ConfigError::NotANumber(error)),
        };
        if size == 0 {
            return Err(ConfigError::Zero);
        }
        Ok(size)
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    use std::collections::BTreeMap;
    use std::num::ParseIntError;

    pub(crate) type Settings = BTreeMap<&'static str, &'static str>;

    #[derive(Debug, PartialEq)]
    pub(crate) enum ConfigError {
        NotANumber {
            key: &'static str,
            cause: ParseIntError,
        },
        /// A new variant: the number parsed, but is not allowed.
        OutOfRange { key: &'static str, value: u32 },
    }

    const KEY: &str = "max_attempts";

    /// Optional; when present, 1 to 100. Absent gives `None`, and the caller
    /// picks the default. Written with `?`, one step per line.
    pub(crate) fn max_attempts(settings: &Settings) -> Result<Option<u32>, ConfigError> {
        let Some(raw) = settings.get(KEY) else {
            return Ok(None);
        };
        let value = raw
            .trim()
            .parse::<u32>()
            .map_err(|cause| ConfigError::NotANumber { key: KEY, cause })?;
        if !(1..=100).contains(&value) {
            return Err(ConfigError::OutOfRange { key: KEY, value });
        }
        Ok(Some(value))
    }

    /// The same rule as one chain of combinators.
    pub(crate) fn max_attempts_chained(settings: &Settings) -> Result<Option<u32>, ConfigError> {
        settings
            .get(KEY)
            .map(|raw| {
                raw.trim()
                    .parse::<u32>()
                    .map_err(|cause| ConfigError::NotANumber { key: KEY, cause })
                    .and_then(|value| match value {
                        1..=100 => Ok(value),
                        _ => Err(ConfigError::OutOfRange { key: KEY, value }),
                    })
            })
            .transpose()
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    /// The new third layer.
    #[derive(Debug)]
    pub(crate) enum BrokerError {
        Refused(String),
    }

    #[derive(Debug)]
    pub(crate) enum StoreError {
        Locked,
    }

    #[derive(Debug)]
    pub(crate) enum StartupError {
        Store(StoreError),
        Broker(BrokerError),
    }

    impl From<StoreError> for StartupError {
        fn from(error: StoreError) -> Self {
            StartupError::Store(error)
        }
    }

    impl From<BrokerError> for StartupError {
        fn from(error: BrokerError) -> Self {
            StartupError::Broker(error)
        }
    }

    fn open_store(path: &str) -> Result<(), StoreError> {
        match path {
            "/var/lib/bridge/locked.db" => Err(StoreError::Locked),
            _ => Ok(()),
        }
    }

    fn connect_broker(url: &str) -> Result<(), BrokerError> {
        match url {
            "amqp://rabbit:5672" => Ok(()),
            other => Err(BrokerError::Refused(other.to_owned())),
        }
    }

    /// `start` gains one line; `?` converts the new error like the others.
    pub(crate) fn start(path: &str, broker_url: &str) -> Result<(), StartupError> {
        open_store(path)?;
        connect_broker(broker_url)?;
        Ok(())
    }

    /// Without the `Broker` arm this match is E0004.
    pub(crate) fn advice(error: &StartupError) -> String {
        match error {
            StartupError::Store(StoreError::Locked) => {
                "another relay holds the lock: retry".to_owned()
            }
            StartupError::Broker(BrokerError::Refused(url)) => {
                format!("is the broker at {url} running?")
            }
        }
    }
}
// ANCHOR_END: answer5

fn main() {
    for raw in ["250", "300"] {
        println!(
            "answer 1: {raw:?} -> {:?} ({})",
            answer1::parse_batch_size(raw),
            answer1::advice(raw)
        );
    }
    println!(
        "answer 2: {:?} / {:?}",
        answer2::batch_size("ten"),
        answer2::batch_size_by_hand("ten")
    );
    for value in [None, Some("5"), Some("0"), Some("many")] {
        let mut settings = answer4::Settings::new();
        if let Some(value) = value {
            settings.insert("max_attempts", value);
        }
        let (step_by_step, chained) = (
            answer4::max_attempts(&settings),
            answer4::max_attempts_chained(&settings),
        );
        let agree = step_by_step == chained;
        println!("answer 4: {value:?} -> {step_by_step:?} (both styles agree: {agree})");
    }
    if let Err(error) = answer5::start("/var/lib/bridge/outbox.db", "amqp://nowhere:5672") {
        println!("answer 5: {error:?} -> {}", answer5::advice(&error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::IntErrorKind;

    #[test]
    fn answer1_a_u8_batch_rejects_300() {
        assert_eq!(answer1::parse_batch_size("250"), Ok(250));
        let error = answer1::parse_batch_size("300").expect_err("too large for u8");
        assert_eq!(error.kind(), &IntErrorKind::PosOverflow);
        assert_eq!(error.to_string(), "number too large to fit in target type");
        assert_eq!(answer1::advice("300"), "use a smaller batch");
    }

    #[test]
    fn answer2_map_err_replaces_the_from_impl() {
        for raw in ["100", " 7 ", "0", "ten", "", "-3"] {
            assert_eq!(
                answer2::batch_size(raw),
                answer2::batch_size_by_hand(raw),
                "input {raw:?}"
            );
        }
        assert!(matches!(
            answer2::batch_size("ten"),
            Err(answer2::ConfigError::NotANumber(_))
        ));
    }

    #[test]
    fn answer4_both_styles_agree() {
        for value in [
            None,
            Some("1"),
            Some("100"),
            Some("0"),
            Some("101"),
            Some("x"),
        ] {
            let mut settings = answer4::Settings::new();
            if let Some(value) = value {
                settings.insert("max_attempts", value);
            }
            assert_eq!(
                answer4::max_attempts(&settings),
                answer4::max_attempts_chained(&settings),
                "value {value:?}"
            );
        }
        let settings = answer4::Settings::from([("max_attempts", "101")]);
        assert_eq!(
            answer4::max_attempts(&settings),
            Err(answer4::ConfigError::OutOfRange {
                key: "max_attempts",
                value: 101
            })
        );
    }

    #[test]
    fn answer5_the_broker_layer_reaches_advice() {
        let error =
            answer5::start("/var/lib/bridge/outbox.db", "amqp://gone:5672").expect_err("refused");
        assert_eq!(
            answer5::advice(&error),
            "is the broker at amqp://gone:5672 running?"
        );
        assert!(answer5::start("/var/lib/bridge/outbox.db", "amqp://rabbit:5672").is_ok());
    }
}
