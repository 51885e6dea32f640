//! The outbox bridge's core: what a message is, what can happen to it, and
//! the two seams the rest of the service plugs into.
//!
//! This crate does no I/O and depends on no runtime, so every rule of the
//! bridge (how a message moves between states, when a failure is retried
//! and when it is dead-lettered, which messages may be published in
//! parallel) is a pure function with unit tests. The store crate speaks SQL,
//! the relay crate speaks AMQP and NATS; both implement the traits here.
//!
//! ```text
//!   outbox-core   domain types, state machine, retry policy, lanes, traits
//!      ▲     ▲
//!   outbox-store  outbox-relay    SQLite/PostgreSQL   RabbitMQ/NATS/stdout + the relay loop
//!      ▲     ▲
//!   outbox-bridge                 CLI, config, wiring, shutdown, telemetry
//! ```

// No `unsafe` in the bridge (lesson 15.4): its fast paths are iterators,
// and the unsafe code it runs is in its dependencies.
#![forbid(unsafe_code)]

pub mod backoff;
pub mod circuit;
pub mod error;
pub mod lanes;
pub mod message;
pub mod redact;
pub mod settle;
pub mod state;
pub mod traits;

pub use backoff::{Backoff, RetryPolicy};
pub use circuit::Breaker;
pub use error::{PublishError, StoreError};
pub use lanes::{lane_of, partition};
pub use message::{
    AggregateId, DEFAULT_CONTENT_TYPE, EventId, Headers, InvalidMessage, MessageId, NewMessage,
    OutboxMessage, UnixMillis,
};
pub use redact::redact_url;
pub use settle::{Settlement, settle};
pub use state::{Failure, InvalidTransition, MessageState};
pub use traits::{DynPublisher, OutboxStore, Publisher, Updates};
