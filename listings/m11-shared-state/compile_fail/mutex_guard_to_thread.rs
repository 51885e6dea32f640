// A `MutexGuard` must be dropped by the thread that locked the mutex.
use std::sync::Mutex;
use std::thread;

fn main() {
    let sent = Mutex::new(Vec::<u64>::new());
    let guard = sent.lock().unwrap();
    thread::scope(|scope| {
        scope.spawn(move || drop(guard));
    });
}
