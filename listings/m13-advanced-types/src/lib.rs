//! Listings for Module 13 of Rust Mastery: advanced types, generics and lifetimes.
//!
//! Each lesson's programs are examples (`cargo run -p m13-advanced-types --example NAME`);
//! programs that must not compile live in `compile_fail/`.
