//! Listings for Module 15 of Rust Mastery: measuring the outbox bridge and making it faster.
//! Each lesson program is an example (`cargo run -p m15-performance --example NAME`); the
//! benchmarks are `cargo bench -p m15-performance`.

// Lesson 15.1: the benchmarks' inputs, and how criterion reads a comparison.
pub mod bench_inputs;
pub mod verdict;

// Lesson 15.4 lives in its own crate, `m15-codegen`, with no dependencies:
// Miri interprets everything a test builds, so a small crate keeps it fast.
