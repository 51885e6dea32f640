//! Listings for Module 08 (channels, messaging and synchronisation) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m08-channels --example NAME`; `cargo test -p m08-channels` runs their tests.
