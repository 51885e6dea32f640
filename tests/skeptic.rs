//! The book's Rust blocks as skeptic tests: each one is compiled by `rustc`
//! against this package's dependencies and, unless it is `no_run`, run.
//! `build.rs` expands the chapters and generates these tests.

// skeptic's generated file starts with `extern crate skeptic;`.
#![allow(unused_extern_crates)]

include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));
