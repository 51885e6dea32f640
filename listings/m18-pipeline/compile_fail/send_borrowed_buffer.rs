// Sending a slice of the read buffer to the processing thread instead of
// an owned copy. The buffer is refilled by the next read, so the slice
// cannot outlive the reader's borrow, and a spawned thread may outlive
// everything in `main`.
use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::thread;

fn main() {
    let (documents, received) = mpsc::sync_channel::<&[u8]>(4);
    let worker = thread::spawn(move || received.iter().map(<[u8]>::len).sum::<usize>());

    let mut reader = BufReader::new(&b"first\x1esecond"[..]);
    let available = reader.fill_buf().expect("in memory");
    documents.send(available).expect("the worker is running");
    drop(documents);
    println!("{} bytes", worker.join().expect("no panic"));
}
