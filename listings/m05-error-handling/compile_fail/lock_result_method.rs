// `Mutex::lock` returns a `Result` (the lock may be poisoned), not the guard.
use std::sync::Mutex;

fn main() {
    let sent_ids = Mutex::new(Vec::new());
    sent_ids.lock().push(42_i64);
    println!("{sent_ids:?}");
}
