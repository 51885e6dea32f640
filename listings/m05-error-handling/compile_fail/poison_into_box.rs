// A poisoned lock's error holds the lock's guard, and a `MutexGuard` is not
// `Send`: this std error does not fit in a `Box<dyn Error + Send + Sync>`.
use std::error::Error;
use std::sync::Mutex;

fn record_sent(sent: &Mutex<u64>) -> Result<(), Box<dyn Error + Send + Sync>> {
    *sent.lock()? += 1;
    Ok(())
}

fn main() {
    let sent = Mutex::new(0);
    println!("{:?}", record_sent(&sent).is_ok());
}
