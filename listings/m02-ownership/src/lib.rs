//! Listings for Module 02 (ownership, borrowing and lifetimes) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m02-ownership --example NAME`; `cargo test -p m02-ownership` runs their tests.
