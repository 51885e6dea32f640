// A spawned thread may outlive the function that started it, so it cannot
// borrow that function's locals.
use std::thread;

fn total_in_background(sizes: &[u64]) -> thread::JoinHandle<u64> {
    thread::spawn(move || sizes.iter().sum())
}

fn main() {
    let sizes = vec![1, 2, 3];
    let handle = total_in_background(&sizes);
    println!("{}", handle.join().unwrap());
}
