//! Listings for Module 04 (traits, generics and abstraction) of Rust Mastery.
//!
//! Each lesson program is an example in `examples/`, run with
//! `cargo run -p m04-traits-generics --example NAME`; `cargo test -p m04-traits-generics` runs their tests.
