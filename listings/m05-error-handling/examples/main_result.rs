//! Lesson 05.1: `main` may return a `Result`. On `Err` the program prints
//! `Error: ` and the error's `Debug` form to stderr, and exits with status 1.
//! To show that, the program starts itself a second time with a bad setting.

use std::env;
use std::error::Error;
use std::num::ParseIntError;
use std::process::Command;

const VAR: &str = "RELAY_BATCH_SIZE";
const DEFAULT_BATCH_SIZE: u32 = 100;

/// The batch size from a setting that may be absent: absent means the
/// default, present must be a number.
fn batch_size(raw: Option<String>) -> Result<u32, ParseIntError> {
    match raw {
        Some(raw) => raw.trim().parse(),
        None => Ok(DEFAULT_BATCH_SIZE),
    }
}

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let batch_size = batch_size(env::var(VAR).ok())?;
    println!("relay starting with batches of {batch_size}");

    if env::var_os(VAR).is_none() {
        show_a_failing_start("ten")?;
    }
    Ok(())
}
// ANCHOR_END: main

// ANCHOR: rerun
/// Runs this program again with `RELAY_BATCH_SIZE=value` and reports what a
/// shell would see: the exit code and the text on stderr.
fn show_a_failing_start(value: &str) -> Result<(), Box<dyn Error>> {
    let output = Command::new(env::current_exe()?).env(VAR, value).output()?;
    println!("again with {VAR}={value}:");
    println!("  exit code: {:?}", output.status.code());
    print!("  stderr:    {}", String::from_utf8_lossy(&output.stderr));
    Ok(())
}
// ANCHOR_END: rerun

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_means_default_but_bad_is_an_error() {
        assert_eq!(batch_size(None), Ok(DEFAULT_BATCH_SIZE));
        assert_eq!(batch_size(Some(" 25 ".into())), Ok(25));
        let error = batch_size(Some("ten".into())).expect_err("not a number");
        // What `main` prints after `Error: ` is this Debug form.
        assert_eq!(format!("{error:?}"), "ParseIntError { kind: InvalidDigit }");
    }
}
