//! Rust Mastery's course tooling, behind `cargo course <command>`.
//!
//! - `serve`: install the pinned book tools if needed, then serve the book.
//! - `test`: every check of the course, with a step-by-step report.
//! - `outputs --check | --bless`: the program output shown in the book.
//! - `figures --check | --bless`: the benchmark tables shown in the book.
//! - `ffi`: Module 12's foreign builds (also a step of `test`), and its benchmarks.
//! - `miri`: lesson 15.4's `unsafe` code under Miri (also a step of `test`).
//! - `deploy`: Module 16's static binary and container image (also a step of `test`).
//! - `profile`: lesson 15.2's flamegraph of the bridge's drain, and its table.
//! - `lint`: the book's Markdown rules that mdBook does not enforce.
//! - `preprocess`: the book's mdBook preprocessor (captions, playground links).
//!
//! The logic lives in this library so it is unit-tested; `main.rs` only parses
//! the command line.

pub mod browser;
pub mod deploy;
pub mod expand;
pub mod ffi;
pub mod figures;
pub mod hidden_lines;
pub mod lint;
pub mod markdown;
pub mod miri;
pub mod outputs;
pub mod playground;
pub mod preprocess;
pub mod profile;
pub mod project;
pub mod sections;
pub mod steps;
pub mod test_failures;
pub mod tools;
