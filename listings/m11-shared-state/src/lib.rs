//! Listings for Module 11 of Rust Mastery: reference counting, interior mutability, locks and
//! atomics, and an async cache. Each lesson program is an example
//! (`cargo run -p m11-shared-state --example NAME`).
