//! The outbox bridge's relay: it claims messages from an [`OutboxStore`],
//! publishes them through a [`Publisher`] and records what happened.
//!
//! - [`publishers`]: RabbitMQ (publisher confirms), NATS JetStream
//!   (server-side dedupe by `Nats-Msg-Id`) and a JSON-lines stdout sink.
//! - [`relay`]: the loop: batched claims, lanes in parallel that keep each
//!   aggregate's order, retries with backoff, dead-lettering, graceful
//!   shutdown.
//! - [`metrics`]: counters in Prometheus' text format.
//!
//! [`OutboxStore`]: outbox_core::OutboxStore
//! [`Publisher`]: outbox_core::Publisher

// No `unsafe` in the bridge (lesson 15.4): its fast paths are iterators,
// and the unsafe code it runs is in its dependencies.
#![forbid(unsafe_code)]

pub mod metrics;
pub mod publishers;
pub mod relay;

pub use metrics::Metrics;
pub use relay::{Relay, RelayConfig, RelayError, RelayReport};
