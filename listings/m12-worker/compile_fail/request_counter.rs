// Lesson 12.5, Pitfalls: a global request counter. A Worker's isolate runs
// one thread, yet a `static` must still be `Sync`, and `Cell` is not.

use std::cell::Cell;

static REQUESTS: Cell<u64> = Cell::new(0);

fn handle() -> u64 {
    REQUESTS.set(REQUESTS.get() + 1);
    REQUESTS.get()
}

fn main() {
    println!("request {}", handle());
}
