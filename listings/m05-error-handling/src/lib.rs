//! Listings for Module 05 (error handling) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m05-error-handling --example NAME`; `cargo test -p m05-error-handling` runs their tests.
