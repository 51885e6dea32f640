// Fails with E0597: `Cell<T>` is invariant in `T`, for the same reason as
// `&mut T`: through a shared `&Cell` you can write as well as read.
use std::cell::Cell;

fn main() {
    let greeting: Cell<&'static str> = Cell::new("hello");
    let local = String::from("bye");
    greeting.set(&local);
    println!("{}", greeting.get());
}
