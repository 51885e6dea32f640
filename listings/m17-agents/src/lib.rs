//! Listings for Module 17 of Rust Mastery: async agents, heartbeats, supervisors and message
//! flow. Each lesson program is an example (`cargo run -p m17-agents --example NAME`).
