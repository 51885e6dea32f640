// Fails with E0507: a shared reference gives read access, not ownership.
struct OutboxMessage {
    id: u64,
    payload: String,
}

fn payload_of(message: &OutboxMessage) -> String {
    message.payload
}

fn main() {
    let message = OutboxMessage {
        id: 17,
        payload: String::from("{\"total\":42}"),
    };
    println!("#{}: {}", message.id, payload_of(&message));
}
