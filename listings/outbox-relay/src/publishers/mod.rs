//! Where the relay sends messages.

pub mod nats;
pub mod rabbitmq;
pub mod stdout;

pub use nats::{NatsConfig, NatsPublisher};
pub use rabbitmq::{QueueKind, RabbitConfig, RabbitPublisher};
pub use stdout::StdoutPublisher;
