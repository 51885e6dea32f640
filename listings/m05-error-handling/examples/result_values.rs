//! Lesson 05.1: a `Result` is an ordinary value. The caller gets the batch
//! size or the reason there is none, never both, and cannot reach the number
//! without deciding what to do about the error.

use std::num::{IntErrorKind, ParseIntError};

// ANCHOR: parse
/// Parses the relay's batch size from a config value such as `" 250 "`.
fn parse_batch_size(raw: &str) -> Result<u32, ParseIntError> {
    raw.trim().parse::<u32>()
}
// ANCHOR_END: parse

// ANCHOR: match
/// Turns either outcome into a line for the log.
fn describe(raw: &str) -> String {
    match parse_batch_size(raw) {
        Ok(size) => format!("{raw:?} -> batch of {size}"),
        Err(error) => format!("{raw:?} -> rejected: {error}"),
    }
}
// ANCHOR_END: match

// ANCHOR: inspect
/// The error is a value too: it can be inspected, not just printed.
fn advice(raw: &str) -> &'static str {
    match parse_batch_size(raw) {
        Ok(_) => "fine",
        Err(error) => match error.kind() {
            IntErrorKind::Empty => "set a value or remove the key",
            IntErrorKind::PosOverflow => "use a smaller batch",
            _ => "use digits only",
        },
    }
}
// ANCHOR_END: inspect

// ANCHOR: methods
/// A few of the methods that consume or transform a `Result`.
fn show_methods() {
    let good = parse_batch_size("100");
    let bad = parse_batch_size("lots");
    println!("is_ok:          {} / {}", good.is_ok(), bad.is_ok());
    println!(
        "unwrap_or(50):  {} / {}",
        good.clone().unwrap_or(50),
        bad.clone().unwrap_or(50)
    );
    println!(
        "map(x2):        {:?} / {:?}",
        good.clone().map(|n| n * 2),
        bad.clone().map(|n| n * 2)
    );
    // `ok()` turns a Result into an Option and throws the error away.
    println!("ok():           {:?} / {:?}", good.ok(), bad.ok());
}
// ANCHOR_END: methods

fn main() {
    for raw in ["100", " 250 ", "lots", "-1", "", "5000000000"] {
        println!("{:<40} ({})", describe(raw), advice(raw));
    }
    show_methods();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_trimmed_numbers() {
        assert_eq!(parse_batch_size(" 250 "), Ok(250));
    }

    #[test]
    fn the_error_says_why() {
        let error = parse_batch_size("5000000000").expect_err("too large for u32");
        assert_eq!(error.kind(), &IntErrorKind::PosOverflow);
        assert_eq!(error.to_string(), "number too large to fit in target type");
        assert_eq!(advice(""), "set a value or remove the key");
        assert_eq!(advice("-1"), "use digits only");
    }
}
