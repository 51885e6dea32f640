// A document, borrowed from a local corpus, sent to a worker thread.
// `thread::spawn` may outlive `main`'s locals, so it only takes data
// that is `'static`.
use std::thread;

fn main() {
    let corpus: Vec<u8> = b"first document\x1esecond document".to_vec();
    let first: &[u8] = corpus
        .split(|&byte| byte == 0x1E)
        .next()
        .expect("split yields at least one piece");
    let worker = thread::spawn(move || first.len());
    println!("{}", worker.join().expect("the worker panicked"));
}
