// Fails with E0382: the `move` closure took `batch` before its ids were
// read (Try it 5 of lesson 02.2).
use std::thread;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MessageId(u64);

struct OutboxMessage {
    id: MessageId,
    payload: String,
}

fn publish_all(batch: Vec<OutboxMessage>) -> usize {
    batch.iter().map(|message| message.payload.len()).sum()
}

fn main() {
    let batch = vec![OutboxMessage {
        id: MessageId(17),
        payload: String::from("{}"),
    }];
    let mut sent_ids = Vec::new();
    let publisher = thread::spawn(move || publish_all(batch)); // batch moves
    sent_ids.extend(batch.iter().map(|message| message.id));
    let bytes = publisher.join().expect("the publisher does not panic");
    println!("{sent_ids:?}: {bytes} bytes");
}
