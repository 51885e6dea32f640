// Fails with E0716: the `String` built by `format!` is a temporary that is
// dropped at the end of the statement, but `topic` borrows it.
fn main() {
    let aggregate_type = "order";
    let topic = format!("outbox.{aggregate_type}").as_str();
    println!("publishing to {topic}");
}
