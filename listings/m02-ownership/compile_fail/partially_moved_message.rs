// Fails with E0382: `message.payload` moved out, so the whole struct can no
// longer be used (Try it 4 of lesson 02.2).
#[derive(Debug, Default)]
struct OutboxMessage {
    id: u64,
    aggregate: String,
    payload: String,
}

fn main() {
    let message = OutboxMessage {
        id: 17,
        aggregate: String::from("order-17"),
        payload: String::from("{\"total\":1999}"),
    };
    let payload = message.payload; // moves one field out of `message`
    println!("moved out: {payload}");
    println!("still usable: #{} ({})", message.id, message.aggregate);
    println!("{message:?}");
}
