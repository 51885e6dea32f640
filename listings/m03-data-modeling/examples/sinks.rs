//! Lesson 03.3: an enum whose variants carry data, and `match` as the
//! checklist that keeps every use of it up to date.

// ANCHOR: sink
/// Where the bridge sends messages. Each variant carries only what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sink {
    /// Print to standard output: the demo mode, needs nothing.
    Stdout,
    /// A RabbitMQ exchange; the event type becomes the routing key.
    RabbitMq { exchange: String },
    /// A NATS JetStream subject prefix; the event type is appended.
    Nats { subject_prefix: String },
}
// ANCHOR_END: sink

// ANCHOR: matches
impl Sink {
    /// Every variant is listed by name: no `_` arm. Adding a variant makes
    /// this function fail to compile until someone decides its answer.
    fn needs_network(&self) -> bool {
        match self {
            Sink::Stdout => false,
            Sink::RabbitMq { .. } | Sink::Nats { .. } => true,
        }
    }

    /// Where one event goes, spelled the way each broker spells it.
    fn destination(&self, event_type: &str) -> String {
        match self {
            Sink::Stdout => "stdout".to_string(),
            Sink::RabbitMq { exchange } => format!("exchange {exchange}, key {event_type}"),
            Sink::Nats { subject_prefix } => format!("subject {subject_prefix}.{event_type}"),
        }
    }
}
// ANCHOR_END: matches

fn main() {
    let sinks = [
        Sink::Stdout,
        Sink::RabbitMq {
            exchange: "orders".to_string(),
        },
        Sink::Nats {
            subject_prefix: "outbox.orders".to_string(),
        },
    ];
    for sink in &sinks {
        println!(
            "{:<45} network={:<5} -> {}",
            format!("{sink:?}"),
            sink.needs_network(),
            sink.destination("OrderPlaced")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sink_names_its_destination() {
        let nats = Sink::Nats {
            subject_prefix: "outbox".into(),
        };
        assert_eq!(nats.destination("OrderPaid"), "subject outbox.OrderPaid");
        assert!(nats.needs_network());
        assert!(!Sink::Stdout.needs_network());
    }
}
