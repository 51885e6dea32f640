// Trying to share one mpsc receiver between two consumers. std's channel is
// used so that rustc alone can compile this file; tokio's `mpsc::Receiver`
// is not `Clone` either.
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<u64>();
    let second_consumer = rx.clone();
    tx.send(1).expect("receivers exist");
    drop(second_consumer);
}
