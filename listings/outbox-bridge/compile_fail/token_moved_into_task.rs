// A `move` closure takes the shutdown flag itself; the code that wants to
// trigger it afterwards has nothing left to call.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

fn main() {
    let shutdown = Arc::new(AtomicBool::new(false));
    let worker = thread::spawn(move || {
        while !shutdown.load(Ordering::Relaxed) {
            thread::yield_now();
        }
    });
    shutdown.store(true, Ordering::Relaxed);
    let _ = worker.join();
}
