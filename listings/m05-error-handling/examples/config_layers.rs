//! Lesson 05.1: errors crossing layers. Each layer has its own error type,
//! and `?` converts at every boundary through a `From` impl, so the code in
//! each layer reads as if nothing could fail.

use std::num::ParseIntError;

// ANCHOR: config
/// The config layer: text in, settings out.
#[derive(Debug)]
enum ConfigError {
    Missing(&'static str),
    NotANumber(ParseIntError),
}

impl From<ParseIntError> for ConfigError {
    fn from(error: ParseIntError) -> Self {
        ConfigError::NotANumber(error)
    }
}

#[derive(Debug)]
struct Config {
    outbox_path: String,
    batch_size: u32,
}

fn parse_config(text: &str) -> Result<Config, ConfigError> {
    let mut outbox_path = None;
    let mut batch_size = None;
    for (key, value) in text.lines().filter_map(|line| line.split_once('=')) {
        match key.trim() {
            "outbox_path" => outbox_path = Some(value.trim()),
            "batch_size" => batch_size = Some(value.trim().parse()?),
            _ => {}
        }
    }
    Ok(Config {
        outbox_path: outbox_path
            .ok_or(ConfigError::Missing("outbox_path"))?
            .to_owned(),
        batch_size: batch_size.unwrap_or(100),
    })
}
// ANCHOR_END: config

// ANCHOR: store
/// The store layer: opening the outbox. (A stand-in: it knows two paths.)
#[derive(Debug)]
enum StoreError {
    NotFound(String),
    Locked,
}

#[derive(Debug)]
struct Store {
    path: String,
}

fn open_store(path: &str) -> Result<Store, StoreError> {
    match path {
        "/var/lib/bridge/outbox.db" => Ok(Store {
            path: path.to_owned(),
        }),
        "/var/lib/bridge/locked.db" => Err(StoreError::Locked),
        other => Err(StoreError::NotFound(other.to_owned())),
    }
}
// ANCHOR_END: store

// ANCHOR: startup
/// The startup layer wraps both lower layers' errors.
#[derive(Debug)]
enum StartupError {
    Config(ConfigError),
    Store(StoreError),
}

impl From<ConfigError> for StartupError {
    fn from(error: ConfigError) -> Self {
        StartupError::Config(error)
    }
}

impl From<StoreError> for StartupError {
    fn from(error: StoreError) -> Self {
        StartupError::Store(error)
    }
}

#[derive(Debug)]
struct Relay {
    store: Store,
    batch_size: u32,
}

fn start(config_text: &str) -> Result<Relay, StartupError> {
    let config = parse_config(config_text)?; // ConfigError -> StartupError
    let store = open_store(&config.outbox_path)?; // StoreError -> StartupError
    Ok(Relay {
        store,
        batch_size: config.batch_size,
    })
}
// ANCHOR_END: startup

// ANCHOR: advice
/// At the top, one `match` sees through every layer and picks the action.
fn advice(error: &StartupError) -> String {
    match error {
        StartupError::Config(ConfigError::Missing(key)) => format!("add `{key}` to the config"),
        StartupError::Config(ConfigError::NotANumber(cause)) => format!("fix the number: {cause}"),
        StartupError::Store(StoreError::Locked) => "another relay holds the lock: retry".to_owned(),
        StartupError::Store(StoreError::NotFound(path)) => {
            format!("create {path} or fix outbox_path")
        }
    }
}
// ANCHOR_END: advice

fn main() {
    let configs = [
        "outbox_path = /var/lib/bridge/outbox.db\nbatch_size = 50",
        "outbox_path = /var/lib/bridge/outbox.db\nbatch_size = fifty",
        "batch_size = 50",
        "outbox_path = /var/lib/bridge/locked.db",
        "outbox_path = /tmp/nothing.db",
    ];
    for text in configs {
        match start(text) {
            Ok(relay) => println!(
                "started: {} in batches of {}",
                relay.store.path, relay.batch_size
            ),
            Err(error) => {
                println!("failed:  {error:?}");
                println!("         -> {}", advice(&error));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layer_keeps_its_own_error_inside_the_next() {
        let error = start("batch_size = x").expect_err("bad number");
        assert!(matches!(
            error,
            StartupError::Config(ConfigError::NotANumber(_))
        ));
        let error = start("outbox_path = /var/lib/bridge/locked.db").expect_err("locked");
        assert!(matches!(error, StartupError::Store(StoreError::Locked)));
        assert_eq!(advice(&error), "another relay holds the lock: retry");
    }

    #[test]
    fn a_good_config_starts_the_relay() {
        let relay = start("outbox_path = /var/lib/bridge/outbox.db").expect("valid config");
        assert_eq!(relay.batch_size, 100);
    }
}
