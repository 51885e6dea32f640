//! Listings for Module 10 of Rust Mastery: runtimes, worker pools, fan-out, CPU-bound work and
//! graceful shutdown. Each lesson program is an example (`cargo run -p m10-concurrency --example NAME`).
