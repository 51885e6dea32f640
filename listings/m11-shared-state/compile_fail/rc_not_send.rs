// An `Rc` moved into another thread: its count is not atomic.
use std::rc::Rc;
use std::thread;

fn main() {
    let topics = Rc::new(vec!["orders".to_string()]);
    let for_worker = Rc::clone(&topics);
    let worker = thread::spawn(move || for_worker.len());
    println!("{} {}", topics.len(), worker.join().unwrap_or(0));
}
