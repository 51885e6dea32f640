// Fails with E0382: the first iteration moves `payload` into `send`,
// so the second iteration has nothing left to give.
fn send(topic: &str, payload: String) -> usize {
    topic.len() + payload.len()
}

fn main() {
    let payload = String::from("order-17 placed");
    for topic in ["orders", "audit"] {
        send(topic, payload);
    }
}
