//! The core every binding in Module 12 wraps: the checks a producer runs
//! before it writes a message into the outbox, and a CRC-32C of the payload.
//!
//! A service written in Python, Go or TypeScript that writes into the
//! bridge's outbox should refuse the same messages the bridge refuses, and
//! should refuse them before the transaction commits. Rather than port the
//! rules to every language (and watch the ports drift), the rules are
//! written once here and each language calls them through its own binding:
//! PyO3 (12.1), the C ABI (12.2) and cgo (12.3), wasm-bindgen (12.4) and a
//! Cloudflare Worker (12.5).
//!
//! The crate has no dependencies and no `unsafe`: everything that crosses a
//! language boundary lives in the binding crates, and this code stays plain
//! Rust that every target compiles.

pub mod checksum;
pub mod message;

pub use checksum::crc32c;
pub use message::{Checked, Invalid, check};
