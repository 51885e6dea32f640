// Fails with E0500: the scope's closure needs unique access to `*batch` for
// `mark`, while the publisher threads still borrow it through `shared`
// (Try it 5 of lesson 02.4).
use std::thread;

struct OutboxMessage {
    sent: bool,
}

fn publish(batch: &[OutboxMessage]) -> usize {
    batch.iter().filter(|message| !message.sent).count()
}

fn mark(batch: &mut [OutboxMessage]) {
    for message in batch {
        message.sent = true;
    }
}

fn relay_round(batch: &mut [OutboxMessage]) -> usize {
    let shared: &[OutboxMessage] = batch;
    thread::scope(|scope| {
        let broker = scope.spawn(|| publish(shared));
        let audit = scope.spawn(|| publish(shared));
        mark(batch);
        broker.join().expect("no panic") + audit.join().expect("no panic")
    })
}

fn main() {
    let mut batch = vec![OutboxMessage { sent: false }];
    println!("{}", relay_round(&mut batch));
}
