//! Listings for Module 07 (async Rust and Tokio) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m07-async --example NAME`; `cargo test -p m07-async` runs their tests.
