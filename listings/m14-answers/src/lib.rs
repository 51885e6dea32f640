//! Answers to the "Try it" exercises of Module 14 (the outbox bridge) of Rust Mastery.
//!
//! Each lesson's answers are an example in `examples/`, run with
//! `cargo run -p m14-answers --example answers_14_N`; `cargo test -p m14-answers`
//! runs their tests. They use only the capstone crates' public API.
