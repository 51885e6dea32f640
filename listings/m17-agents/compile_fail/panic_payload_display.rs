// A panic's payload is a `Box<dyn Any + Send>`: it has no `Display`.
// (`tokio::task::JoinError::into_panic` returns the same type as `join` here.)
use std::thread;

fn main() {
    let outcome = thread::spawn(|| -> u32 { panic!("bug while handling job 3") }).join();
    if let Err(payload) = outcome {
        println!("worker panicked: {payload}");
    }
}
