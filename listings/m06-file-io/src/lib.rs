//! Listings for Module 06 (file IO and system interaction) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m06-file-io --example NAME`; `cargo test -p m06-file-io` runs their tests.
//!
//! Lesson 06.3 builds a library module, [`file_outbox`], used by the
//! `outbox_demo` example, the `outbox_writer` binary and the crash test in
//! `tests/crash.rs`.

/// A crash-safe, file-based outbox: an append-only log of checksummed
/// records plus an atomically replaced "sent through" marker (lesson 06.3).
pub mod file_outbox;
