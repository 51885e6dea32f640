//! The book as doctests.
//!
//! `build.rs` expands every chapter's include helpers and generates one empty
//! module per chapter whose documentation *is* the chapter, so
//! `cargo test --doc` compiles, runs or expects to fail every Rust block of the
//! book, exactly as rustdoc treats doc comments (edition 2024).
//! There is no code here to use.

include!(concat!(env!("OUT_DIR"), "/doctests.rs"));
