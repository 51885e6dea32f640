// Fails with E0310: the thread may outlive this function, so the value it
// takes must not borrow anything: `P: 'static`. `Send` alone is not enough.
use std::thread::{self, JoinHandle};

trait Publisher: Send + Sync {
    fn publish(&self, batch: &[String]) -> usize;
}

fn publish_in_background<P: Publisher>(publisher: P, batch: Vec<String>) -> JoinHandle<usize> {
    thread::spawn(move || publisher.publish(&batch))
}

fn main() {}
