// `Copy` is a bitwise copy; a `String` owns heap memory and cannot be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BrokerEndpoint {
    host: String,
    port: u16,
    tls: bool,
}

fn main() {
    let primary = BrokerEndpoint {
        host: "rabbit-1.internal".to_string(),
        port: 5671,
        tls: true,
    };
    println!("{primary:?}");
}
