// A `static` is shared by every thread, so its type must be `Sync`.
use std::cell::Cell;

static PUBLISHED: Cell<u64> = Cell::new(0);

fn main() {
    PUBLISHED.set(PUBLISHED.get() + 1);
    println!("{}", PUBLISHED.get());
}
