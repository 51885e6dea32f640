//! Answers to the exercises of lesson 05.3 (thiserror and anyhow). Each
//! answer is a module; `main` runs them and prints what they return.

use outbox_core::StoreError;
use std::error::Error;

/// Every link of an error's chain, as text.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    std::iter::successors(Some(error), |&e| e.source())
        .map(ToString::to_string)
        .collect()
}

// ANCHOR: answer2
mod answer2 {
    use outbox_core::StoreError;

    /// `relay_error.rs`'s `Store` variant with a message of its own instead
    /// of `#[error(transparent)]`.
    #[derive(Debug, thiserror::Error)]
    pub(crate) enum RelayError {
        #[error("claiming a batch failed")]
        Store(#[from] StoreError),
    }

    fn claim() -> Result<Vec<u64>, StoreError> {
        Err(StoreError::Busy("database is locked".into()))
    }

    pub(crate) fn cycle() -> Result<usize, RelayError> {
        let claimed = claim()?; // StoreError -> RelayError through `#[from]`
        Ok(claimed.len())
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    use anyhow::{Context, Result, bail, ensure};
    use outbox_core::StoreError;

    #[derive(Debug)]
    pub(crate) struct Config {
        pub(crate) outbox_path: String,
        pub(crate) broker_url: Option<String>,
        pub(crate) batch_size: usize,
    }

    /// `anyhow_edge.rs`'s parser with one more key.
    pub(crate) fn parse_config(text: &str) -> Result<Config> {
        let mut outbox_path = None;
        let mut broker_url = None;
        let mut batch_size = 100;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let Some((key, value)) = line.split_once('=') else {
                bail!("line {number}: expected `key = value`, found {line:?}");
            };
            let value = value.trim();
            match key.trim() {
                "outbox_path" => outbox_path = Some(value.to_owned()),
                "broker_url" => {
                    ensure!(
                        value.starts_with("amqp://") || value.starts_with("nats://"),
                        "line {number}: broker_url must start with amqp:// or nats://, not {value:?}"
                    );
                    broker_url = Some(value.to_owned());
                }
                "batch_size" => {
                    batch_size = value
                        .parse()
                        .with_context(|| format!("line {number}: batch_size is not a number"))?;
                }
                other => bail!("line {number}: unknown key {other:?}"),
            }
        }
        ensure!(
            (1..=10_000).contains(&batch_size),
            "batch_size must be between 1 and 10000, not {batch_size}"
        );
        let outbox_path = outbox_path.context("outbox_path is not set")?;
        Ok(Config {
            outbox_path,
            broker_url,
            batch_size,
        })
    }

    fn open_store(path: &str) -> Result<(), StoreError> {
        match path {
            "/var/lib/bridge/busy.db" => Err(StoreError::Busy("database is locked".into())),
            "/var/lib/bridge/notes.txt" => {
                Err(StoreError::Unusable("file is not a database".into()))
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn run(config_text: &str) -> Result<Config> {
        let config = parse_config(config_text).context("cannot read the relay config")?;
        open_store(&config.outbox_path)
            .with_context(|| format!("cannot open the outbox at {}", config.outbox_path))?;
        Ok(config)
    }

    /// Unchanged from `anyhow_edge.rs`.
    pub(crate) fn exit_code(error: &anyhow::Error) -> u8 {
        match error.downcast_ref::<StoreError>() {
            Some(store) if store.is_retryable() => 75,
            Some(_) => 74,
            None => 78,
        }
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use outbox_core::StoreError;

    /// The exercise's version: search every link of the chain.
    pub(crate) fn exit_code(error: &anyhow::Error) -> u8 {
        match error.chain().find_map(|e| e.downcast_ref::<StoreError>()) {
            Some(store) if store.is_retryable() => 75,
            Some(_) => 74,
            None => 78,
        }
    }

    /// Where the two differ: a `StoreError` one link *below* the error that
    /// anyhow wraps, as the `#[source]` of another error type.
    #[derive(Debug, thiserror::Error)]
    #[error("the relay cycle failed")]
    pub(crate) struct CycleError(#[source] pub(crate) StoreError);
}
// ANCHOR_END: answer5

fn main() {
    // SAFETY: no other thread exists yet that could read the environment.
    unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    if let Err(error) = answer2::cycle() {
        println!("answer 2: {:?}", chain(&error));
    }
    let text = "outbox_path = /var/lib/bridge/outbox.db\nbroker_url = http://rabbit";
    if let Err(error) = answer4::run(text) {
        println!("answer 4: exit {}: {error:#}", answer4::exit_code(&error));
    }
    let text =
        "outbox_path = /var/lib/bridge/outbox.db\nbroker_url = nats://nats:4222\nbatch_size = 50";
    if let Ok(config) = answer4::run(text) {
        let answer4::Config {
            outbox_path,
            broker_url,
            batch_size,
        } = config;
        println!("answer 4: {outbox_path}, {broker_url:?}, batches of {batch_size}");
    }
    let wrapped = anyhow::Error::new(answer5::CycleError(StoreError::Busy(
        "database is locked".into(),
    )));
    println!(
        "answer 5: downcast_ref gives {}, chain().find_map gives {}",
        answer4::exit_code(&wrapped),
        answer5::exit_code(&wrapped)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer2_a_message_of_its_own_adds_a_link() {
        let error = answer2::cycle().expect_err("busy");
        assert_eq!(
            chain(&error),
            [
                "claiming a batch failed",
                "the outbox database is busy: database is locked"
            ]
        );
    }

    #[test]
    fn answer4_a_bad_broker_url_is_a_config_error() {
        let error = answer4::run("outbox_path = /x.db\nbroker_url = http://rabbit")
            .expect_err("not amqp or nats");
        assert!(
            error.chain().any(|e| e
                .to_string()
                .contains("broker_url must start with amqp:// or nats://")),
            "{error:#}"
        );
        assert_eq!(answer4::exit_code(&error), 78);
        let config =
            answer4::run("outbox_path = /x.db\nbroker_url = nats://n:4222").expect("valid");
        assert_eq!(config.broker_url.as_deref(), Some("nats://n:4222"));
    }

    #[test]
    fn answer5_the_codes_only_differ_below_the_wrapped_error() {
        for text in [
            "outbox_path = /var/lib/bridge/busy.db",
            "outbox_path = /var/lib/bridge/notes.txt",
            "batch_size = 500",
            "batch_size = 0",
        ] {
            let error = answer4::run(text).expect_err("each fails");
            assert_eq!(
                answer4::exit_code(&error),
                answer5::exit_code(&error),
                "{text}"
            );
        }
        let wrapped = anyhow::Error::new(answer5::CycleError(StoreError::Busy("locked".into())));
        assert_eq!(answer4::exit_code(&wrapped), 78);
        assert_eq!(answer5::exit_code(&wrapped), 75);
    }
}
