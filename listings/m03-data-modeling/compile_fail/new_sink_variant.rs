// Someone adds a Kafka sink. Every `match` that lists the variants now fails
// to compile until it decides what Kafka means for it.
#[derive(Debug)]
enum Sink {
    Stdout,
    RabbitMq { exchange: String },
    Nats { subject_prefix: String },
    Kafka { topic: String },
}

fn needs_network(sink: &Sink) -> bool {
    match sink {
        Sink::Stdout => false,
        Sink::RabbitMq { .. } | Sink::Nats { .. } => true,
    }
}

fn main() {
    let sink = Sink::Kafka {
        topic: "orders".to_string(),
    };
    println!("{sink:?} needs the network: {}", needs_network(&sink));
}
