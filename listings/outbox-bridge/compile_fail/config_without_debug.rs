// No `#[derive(Debug)]` on purpose: a derived Debug would print the password.
// Without any Debug impl, `{:?}` (and tracing's `?config`) does not compile.
struct Broker {
    url: String,
    queue: String,
}

fn main() {
    let broker = Broker {
        url: "amqp://bridge:s3cret@mq:5672/%2f".into(),
        queue: "outbox".into(),
    };
    println!("connecting to {broker:?}");
}
