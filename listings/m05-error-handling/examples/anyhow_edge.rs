//! Lesson 05.3: anyhow at the binary's edge. The application code returns
//! `anyhow::Result`, adds context at each step, and only `main` looks inside
//! the error, to pick an exit code. The store below returns the capstone's
//! typed `StoreError`, as a library crate would.

use anyhow::{Context, Result, bail, ensure};
use outbox_core::StoreError;

#[derive(Debug)]
struct Config {
    outbox_path: String,
    batch_size: usize,
}

// ANCHOR: config
/// Application code: every failure is an `anyhow::Error` with a message.
fn parse_config(text: &str) -> Result<Config> {
    let mut outbox_path = None;
    let mut batch_size = 100;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let Some((key, value)) = line.split_once('=') else {
            bail!("line {number}: expected `key = value`, found {line:?}");
        };
        match key.trim() {
            "outbox_path" => outbox_path = Some(value.trim().to_owned()),
            "batch_size" => {
                batch_size = value
                    .trim()
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
        batch_size,
    })
}
// ANCHOR_END: config

/// A stand-in for the store crate: a typed error, chosen by the path.
fn open_store(path: &str) -> Result<(), StoreError> {
    match path {
        "/var/lib/bridge/busy.db" => Err(StoreError::Busy("database is locked".into())),
        "/var/lib/bridge/notes.txt" => Err(StoreError::Unusable("file is not a database".into())),
        "/var/lib/bridge/bad-disk.db" => Err(StoreError::Other(Box::new(std::io::Error::other(
            "disk I/O error",
        )))),
        _ => Ok(()),
    }
}

// ANCHOR: run
/// Everything `main` does, with context added at each step.
fn run(config_text: &str) -> Result<Config> {
    let config = parse_config(config_text).context("cannot read the relay config")?;
    open_store(&config.outbox_path)
        .with_context(|| format!("cannot open the outbox at {}", config.outbox_path))?;
    Ok(config)
}
// ANCHOR_END: run

// ANCHOR: exit_code
/// The exit code for a failed start (sysexits.h numbers, which supervisors
/// understand): a busy database is worth restarting for, a bad config is not.
fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<StoreError>() {
        Some(store) if store.is_retryable() => 75, // EX_TEMPFAIL: try again later
        Some(_) => 74,                             // EX_IOERR
        None => 78,                                // EX_CONFIG
    }
}
// ANCHOR_END: exit_code

// ANCHOR: main
fn main() {
    // anyhow records a backtrace when RUST_BACKTRACE or RUST_LIB_BACKTRACE
    // asks for one; turn that off so this output is the same everywhere.
    // SAFETY: no other thread exists yet that could read the environment.
    unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };

    let error = run("batch_size = lots").expect_err("not a number");
    println!("with {{}}:   {error}");
    println!("with {{:#}}: {error:#}");
    println!("with {{:?}}:\n{error:?}");
    println!();

    let configs = [
        "outbox_path = /var/lib/bridge/outbox.db\nbatch_size = 500",
        "outbox_path = /var/lib/bridge/busy.db",
        "outbox_path = /var/lib/bridge/notes.txt",
        "outbox_path = /var/lib/bridge/bad-disk.db",
        "batch_size = 500",
        "batch_size = 0",
        "outbox_path /var/lib/bridge/outbox.db",
    ];
    for text in configs {
        match run(text) {
            Ok(config) => println!(
                "exit 0:  {} in batches of {}",
                config.outbox_path, config.batch_size
            ),
            Err(error) => println!("exit {}: {error:#}", exit_code(&error)),
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_outer_message_and_the_cause_survives() {
        let error = run("batch_size = lots").expect_err("not a number");
        assert_eq!(error.to_string(), "cannot read the relay config");
        let causes: Vec<String> = error.chain().map(|e| e.to_string()).collect();
        assert_eq!(
            causes,
            [
                "cannot read the relay config",
                "line 1: batch_size is not a number",
                "invalid digit found in string",
            ]
        );
        assert!(
            error
                .root_cause()
                .downcast_ref::<std::num::ParseIntError>()
                .is_some()
        );
    }

    #[test]
    fn the_typed_error_is_recovered_through_the_context() {
        let error = run("outbox_path = /var/lib/bridge/busy.db").expect_err("busy");
        assert!(matches!(
            error.downcast_ref::<StoreError>(),
            Some(StoreError::Busy(_))
        ));
        assert_eq!(exit_code(&error), 75);
        let error = run("batch_size = 0").expect_err("out of range");
        assert_eq!(exit_code(&error), 78);
    }
}
