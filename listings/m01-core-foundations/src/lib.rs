//! Listings for Module 01 of Rust Mastery: core foundations.
//!
//! Each lesson's code is an example program in `examples/`, run with
//! `cargo run -p m01-core-foundations --example NAME`; its unit tests run
//! with `cargo test -p m01-core-foundations`. The programs that must *not*
//! compile live in `compile_fail/` and are checked by the book's doctests.
