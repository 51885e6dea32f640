// Fails with E0382: the first iteration moves `payload` into `send`
// (Try it 2 of lesson 02.2).
fn send(topic: &str, payload: String) -> String {
    format!("{topic} <- {payload}")
}

fn fan_out(payload: String, topics: &[&str]) -> Vec<String> {
    let mut sent = Vec::new();
    for topic in topics {
        sent.push(send(topic, payload));
    }
    sent
}

fn main() {
    for line in fan_out(String::from("order-19"), &["orders", "audit"]) {
        println!("{line}");
    }
}
