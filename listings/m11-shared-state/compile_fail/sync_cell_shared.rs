// `Cell` allows mutation through a shared reference with no synchronisation,
// so `Cell` is not `Sync`, and `&Cell` cannot go to another thread.
use std::cell::Cell;
use std::thread;

fn main() {
    let sent = Cell::new(0u64);
    thread::scope(|scope| {
        scope.spawn(|| sent.set(sent.get() + 1));
        scope.spawn(|| sent.set(sent.get() + 1));
    });
    println!("{}", sent.get());
}
