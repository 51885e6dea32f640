// Fails with E0106: with two reference parameters, the compiler cannot tell
// which one the result borrows from (Try it 4 of lesson 02.3).
struct OutboxMessage {
    aggregate: String,
}

fn aggregate_of(message: &OutboxMessage, fallback: &OutboxMessage) -> &str {
    if message.aggregate.is_empty() {
        &fallback.aggregate
    } else {
        &message.aggregate
    }
}

fn main() {
    let message = OutboxMessage {
        aggregate: String::from("order"),
    };
    let fallback = OutboxMessage {
        aggregate: String::from("unknown"),
    };
    println!("{}", aggregate_of(&message, &fallback));
}
