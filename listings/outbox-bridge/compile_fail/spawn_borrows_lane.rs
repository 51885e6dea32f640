// `thread::spawn` (like `tokio::spawn`) needs a closure that owns what it
// uses, because the new thread may outlive the function that started it.
use std::thread;

fn publish(lane: &[u64]) -> usize {
    lane.len()
}

fn main() {
    let lanes = vec![vec![1, 4, 7], vec![2, 5], vec![3, 6]];
    let mut handles = Vec::new();
    for lane in &lanes {
        handles.push(thread::spawn(|| publish(lane)));
    }
    for handle in handles {
        println!("{:?}", handle.join());
    }
}
