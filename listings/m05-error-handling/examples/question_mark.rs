//! Lesson 05.1: what `?` does, written out by hand next to the short form.

use std::num::ParseIntError;

// ANCHOR: error
/// Why the relay's batch size setting is unusable.
#[derive(Debug, PartialEq)]
enum ConfigError {
    /// Zero would make the relay poll without ever publishing.
    Zero,
    /// The value is not a number at all.
    NotANumber(ParseIntError),
}

/// Lets `?` turn a `ParseIntError` into a `ConfigError`.
impl From<ParseIntError> for ConfigError {
    fn from(error: ParseIntError) -> Self {
        ConfigError::NotANumber(error)
    }
}
// ANCHOR_END: error

// ANCHOR: sugar
fn batch_size(raw: &str) -> Result<u32, ConfigError> {
    let size = raw.trim().parse::<u32>()?;
    if size == 0 {
        return Err(ConfigError::Zero);
    }
    Ok(size)
}
// ANCHOR_END: sugar

// ANCHOR: desugared
fn batch_size_by_hand(raw: &str) -> Result<u32, ConfigError> {
    let size = match raw.trim().parse::<u32>() {
        Ok(value) => value,
        Err(error) => return Err(From::from(error)),
    };
    if size == 0 {
        return Err(ConfigError::Zero);
    }
    Ok(size)
}
// ANCHOR_END: desugared

fn main() {
    for raw in ["100", "0", "ten"] {
        println!("{raw:?}");
        println!("  with ?:   {:?}", batch_size(raw));
        println!("  by hand:  {:?}", batch_size_by_hand(raw));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_agree_on_every_input() {
        for raw in ["100", " 7 ", "0", "ten", "", "-3"] {
            assert_eq!(batch_size(raw), batch_size_by_hand(raw), "input {raw:?}");
        }
    }

    #[test]
    fn the_parse_error_is_converted_not_lost() {
        let Err(ConfigError::NotANumber(cause)) = batch_size("ten") else {
            panic!("expected NotANumber");
        };
        assert_eq!(cause.to_string(), "invalid digit found in string");
        assert_eq!(batch_size("0"), Err(ConfigError::Zero));
    }
}
