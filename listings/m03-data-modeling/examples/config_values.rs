//! Lesson 03.4: `Result` while reading configuration, with combinators and
//! with `match`, and `?` to pass errors up.

use std::fmt;

// ANCHOR: error
/// Why a configuration value was refused. Each variant says what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ConfigError {
    Missing(&'static str),
    NotANumber {
        key: &'static str,
        value: String,
    },
    OutOfRange {
        key: &'static str,
        value: u32,
        max: u32,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing(key) => write!(f, "{key} is not set"),
            ConfigError::NotANumber { key, value } => write!(f, "{key}={value:?} is not a number"),
            ConfigError::OutOfRange { key, value, max } => {
                write!(f, "{key}={value} is out of range 1..={max}")
            }
        }
    }
}
// ANCHOR_END: error

// ANCHOR: combinators
const BATCH_SIZE: &str = "RELAY_BATCH_SIZE";

/// `map_err` turns the library's error into ours, naming the key.
fn parse_number(key: &'static str, raw: &str) -> Result<u32, ConfigError> {
    raw.trim()
        .parse::<u32>()
        .map_err(|_| ConfigError::NotANumber {
            key,
            value: raw.to_string(),
        })
}

/// `and_then` chains a second check that can fail too.
fn parse_batch_size(raw: &str) -> Result<u32, ConfigError> {
    parse_number(BATCH_SIZE, raw).and_then(|n| within(BATCH_SIZE, n, 1_000))
}

fn within(key: &'static str, value: u32, max: u32) -> Result<u32, ConfigError> {
    if (1..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::OutOfRange { key, value, max })
    }
}
// ANCHOR_END: combinators

// ANCHOR: with_match
/// The same rules with `match`: every case is spelled out, guards and all.
fn parse_batch_size_match(raw: &str) -> Result<u32, ConfigError> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=1_000).contains(&n) => Ok(n),
        Ok(n) => Err(ConfigError::OutOfRange {
            key: BATCH_SIZE,
            value: n,
            max: 1_000,
        }),
        Err(_) => Err(ConfigError::NotANumber {
            key: BATCH_SIZE,
            value: raw.to_string(),
        }),
    }
}
// ANCHOR_END: with_match

// ANCHOR: load
/// The relay's settings, once every value has been checked.
#[derive(Debug, PartialEq, Eq)]
struct Settings {
    broker_url: String,
    batch_size: u32,
    lanes: u32,
    verbose: bool,
}

/// Looks a key up in `KEY=value` pairs (a stand-in for the environment).
fn var<'a>(env: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    env.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn load(env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    // Required: absent is an error, and `?` returns it to our caller.
    let broker_url =
        var(env, "RELAY_BROKER_URL").ok_or(ConfigError::Missing("RELAY_BROKER_URL"))?;
    // Optional with a default, but a malformed value is still an error.
    let batch_size = match var(env, BATCH_SIZE) {
        Some(raw) => parse_batch_size(raw)?,
        None => 100,
    };
    // Option<Result<..>> → Result<Option<..>> with `transpose`, then `?`.
    let lanes = var(env, "RELAY_LANES")
        .map(|raw| parse_number("RELAY_LANES", raw))
        .transpose()?
        .unwrap_or(4);
    // `.ok()` throws the error away: acceptable for a debugging flag only.
    let verbose = var(env, "RELAY_VERBOSE")
        .and_then(|raw| raw.parse::<bool>().ok())
        .unwrap_or(false);
    Ok(Settings {
        broker_url: broker_url.to_string(),
        batch_size,
        lanes,
        verbose,
    })
}
// ANCHOR_END: load

fn main() {
    // ANCHOR: main
    for raw in ["250", " 50 ", "lots", "0", "5000"] {
        let combinators = parse_batch_size(raw);
        assert_eq!(combinators, parse_batch_size_match(raw));
        println!("{:<8} -> {combinators:?}", format!("{raw:?}"));
    }

    let env = [
        ("RELAY_BROKER_URL", "amqp://rabbit:5672"),
        ("RELAY_BATCH_SIZE", "500"),
        ("RELAY_VERBOSE", "yes"),
    ];
    println!("{:?}", load(&env));
    println!("{:?}", load(&[("RELAY_BATCH_SIZE", "500")]));

    // `unwrap_or_else`: fall back, and say so.
    let batch = parse_batch_size("lots").unwrap_or_else(|error| {
        println!("warning: {error}; using 100");
        100
    });
    println!("batch size {batch}");

    // `expect` documents why this cannot fail: the text is a literal we wrote.
    let default_port: u16 = "5672".parse().expect("a literal port number always parses");
    println!("default port {default_port}");
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_styles_agree() {
        for raw in ["1", "1000", "1001", "0", "-3", "abc", " 7 ", ""] {
            assert_eq!(
                parse_batch_size(raw),
                parse_batch_size_match(raw),
                "input {raw:?}"
            );
        }
    }

    #[test]
    fn errors_name_the_key_and_the_value() {
        assert_eq!(
            parse_batch_size("lots")
                .expect_err("not a number")
                .to_string(),
            r#"RELAY_BATCH_SIZE="lots" is not a number"#
        );
        assert_eq!(
            load(&[]).expect_err("the broker URL is required"),
            ConfigError::Missing("RELAY_BROKER_URL")
        );
    }

    #[test]
    fn optional_values_have_defaults_but_bad_ones_are_errors() {
        let minimal =
            load(&[("RELAY_BROKER_URL", "nats://n:4222")]).expect("only the URL is required");
        assert_eq!(
            (minimal.batch_size, minimal.lanes, minimal.verbose),
            (100, 4, false)
        );
        let bad_lanes = load(&[("RELAY_BROKER_URL", "x"), ("RELAY_LANES", "four")]);
        assert!(matches!(
            bad_lanes,
            Err(ConfigError::NotANumber {
                key: "RELAY_LANES",
                ..
            })
        ));
    }
}
