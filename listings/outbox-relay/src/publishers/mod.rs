//! Where the relay sends messages.

pub mod envelope;
pub mod nats;
pub mod rabbitmq;
pub mod stdout;

pub use envelope::{Template, TemplateError};
pub use nats::{NatsConfig, NatsPublisher};
pub use rabbitmq::{Exchange, QueueKind, RabbitConfig, RabbitPublisher};
pub use stdout::StdoutPublisher;
