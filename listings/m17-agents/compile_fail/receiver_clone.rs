// An mpsc receiver has exactly one owner; tokio's `mpsc::Receiver` is not
// `Clone` either. Two workers cannot both hold the same queue's receiver.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::sync_channel::<u32>(4);
    let second = rx.clone();
    let worker = thread::spawn(move || second.recv());
    tx.send(1).ok();
    println!("{:?} {:?}", rx.recv(), worker.join());
}
