// One sender moved into several async blocks. std's channel is used so that
// rustc alone can compile this file; tokio's `Sender` gives the same error.
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<u64>();
    let mut producers = Vec::new();
    for partition in 0..3 {
        producers.push(async move {
            let _ = tx.send(partition);
        });
    }
    drop(rx);
}
