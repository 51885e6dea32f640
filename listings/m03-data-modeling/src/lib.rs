//! Listings for Module 03 (structs, enums and pattern matching) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m03-data-modeling --example NAME`; `cargo test -p m03-data-modeling` runs their tests.
