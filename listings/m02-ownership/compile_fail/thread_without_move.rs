// Fails with E0373: without `move` the closure borrows `topic`, and the
// thread may outlive it (Try it 3 of lesson 02.2).
use std::thread;

fn main() {
    let topic = String::from("orders");
    let worker = thread::spawn(|| format!("worker publishing to {topic}"));
    println!("{}", worker.join().expect("the worker does not panic"));
}
