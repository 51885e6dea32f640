//! Lesson 05.1: moving between `Option` and `Result`, and two ways to write
//! the same fallible function: early returns with `?`, or combinators.

use std::collections::BTreeMap;
use std::num::ParseIntError;

/// The relay's settings as read from a file: key to raw value.
type Settings = BTreeMap<&'static str, &'static str>;

#[derive(Debug, PartialEq)]
enum ConfigError {
    Missing(&'static str),
    NotANumber {
        key: &'static str,
        cause: ParseIntError,
    },
}

// ANCHOR: ok_or
/// A required setting: its absence is an error the caller must see.
fn broker_url(settings: &Settings) -> Result<&str, ConfigError> {
    settings
        .get("broker_url")
        .copied()
        .ok_or(ConfigError::Missing("broker_url"))
}
// ANCHOR_END: ok_or

// ANCHOR: transpose
/// An optional number: absent means the default, present must parse.
fn batch_size(settings: &Settings) -> Result<u32, ConfigError> {
    let configured: Option<u32> = settings
        .get("batch_size")
        .map(|raw| raw.parse::<u32>()) // Option<Result<u32, ParseIntError>>
        .transpose() // Result<Option<u32>, ParseIntError>
        .map_err(|cause| ConfigError::NotANumber {
            key: "batch_size",
            cause,
        })?;
    Ok(configured.unwrap_or(100))
}
// ANCHOR_END: transpose

// ANCHOR: option_q
/// `?` works on `Option` too, inside a function that returns an `Option`:
/// any missing piece makes the whole answer `None`.
fn broker_host(settings: &Settings) -> Option<&str> {
    let url = settings.get("broker_url")?;
    let (_scheme, rest) = url.split_once("://")?;
    rest.split([':', '/']).next()
}
// ANCHOR_END: option_q

// ANCHOR: styles
/// Early returns: one step per line, and each failure leaves at its `?`.
fn lease_secs(settings: &Settings) -> Result<u64, ConfigError> {
    let raw = settings
        .get("lease_secs")
        .ok_or(ConfigError::Missing("lease_secs"))?;
    let secs = raw
        .parse::<u64>()
        .map_err(|cause| ConfigError::NotANumber {
            key: "lease_secs",
            cause,
        })?;
    Ok(secs.clamp(5, 300))
}

/// Combinators: the same steps as one expression.
fn lease_secs_chained(settings: &Settings) -> Result<u64, ConfigError> {
    settings
        .get("lease_secs")
        .ok_or(ConfigError::Missing("lease_secs"))
        .and_then(|raw| {
            raw.parse::<u64>().map_err(|cause| ConfigError::NotANumber {
                key: "lease_secs",
                cause,
            })
        })
        .map(|secs| secs.clamp(5, 300))
}
// ANCHOR_END: styles

fn main() {
    let complete = Settings::from([
        ("broker_url", "amqp://rabbit.internal:5672/outbox"),
        ("batch_size", "250"),
        ("lease_secs", "900"),
    ]);
    let sparse = Settings::from([("batch_size", "many")]);
    for (name, settings) in [("complete", &complete), ("sparse", &sparse)] {
        println!("{name}:");
        println!("  broker_url  {:?}", broker_url(settings));
        println!("  broker_host {:?}", broker_host(settings));
        println!("  batch_size  {:?}", batch_size(settings));
        println!("  lease_secs  {:?}", lease_secs(settings));
        println!("  (chained)   {:?}", lease_secs_chained(settings));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_optional_settings_take_the_default() {
        assert_eq!(batch_size(&Settings::new()), Ok(100));
    }

    #[test]
    fn present_settings_must_be_valid() {
        let settings = Settings::from([("batch_size", "many")]);
        let Err(ConfigError::NotANumber { key, cause }) = batch_size(&settings) else {
            panic!("expected NotANumber");
        };
        assert_eq!(key, "batch_size");
        assert_eq!(cause.to_string(), "invalid digit found in string");
    }

    #[test]
    fn both_styles_agree() {
        for value in [None, Some("30"), Some("1"), Some("9000"), Some("soon")] {
            let mut settings = Settings::new();
            if let Some(value) = value {
                settings.insert("lease_secs", value);
            }
            assert_eq!(lease_secs(&settings), lease_secs_chained(&settings));
        }
    }

    #[test]
    fn host_is_none_when_any_piece_is_missing() {
        let url_without_scheme = Settings::from([("broker_url", "rabbit.internal")]);
        assert_eq!(broker_host(&url_without_scheme), None);
        assert_eq!(broker_host(&Settings::new()), None);
    }
}
