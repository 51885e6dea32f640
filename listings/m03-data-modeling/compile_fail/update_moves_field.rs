// Struct update syntax moves the fields it takes from the base value.
#[derive(Debug, Clone)]
struct BrokerEndpoint {
    host: String,
    port: u16,
}

fn main() {
    let base = BrokerEndpoint {
        host: "rabbit-1.internal".to_string(),
        port: 5672,
    };
    let tls = BrokerEndpoint { port: 5671, ..base };
    println!("{tls:?}");
    println!("{base:?}");
}
