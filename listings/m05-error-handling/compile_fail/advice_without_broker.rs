// `config_layers.rs` after `StartupError` gained a `Broker` variant: the
// `match` in `advice` no longer covers every case.
#[derive(Debug)]
enum StoreError {
    Locked,
}

#[derive(Debug)]
enum BrokerError {
    Refused(String),
}

#[derive(Debug)]
enum StartupError {
    Store(StoreError),
    Broker(BrokerError),
}

fn advice(error: &StartupError) -> String {
    match error {
        StartupError::Store(StoreError::Locked) => "another relay holds the lock: retry".to_owned(),
    }
}

fn main() {
    let error = StartupError::Broker(BrokerError::Refused("amqp://gone".into()));
    println!("{error:?}: {}", advice(&error));
}
