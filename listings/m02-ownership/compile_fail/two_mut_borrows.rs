// Fails with E0499: two live `&mut` to the same message.
struct OutboxMessage {
    attempts: u32,
    sent: bool,
}

fn main() {
    let mut message = OutboxMessage {
        attempts: 0,
        sent: false,
    };
    let retrier = &mut message;
    let marker = &mut message;
    retrier.attempts += 1;
    marker.sent = true;
    println!("{} {}", message.attempts, message.sent);
}
