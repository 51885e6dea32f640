//! Listings for lesson 15.4 of Rust Mastery: a CRC-32C loop written with and without bounds
//! checks, and an `unsafe` fast path with its safety contract. `tests/codegen.rs` reads the
//! assembly the release build makes of it; `cargo course miri` runs its tests under Miri.
//! Programs are examples (`cargo run -p m15-codegen --example NAME`).

pub mod codegen;
