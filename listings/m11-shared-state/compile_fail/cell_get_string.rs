// `Cell::get` copies the value out, so it needs `T: Copy`.
use std::cell::Cell;

fn main() {
    let last_error = Cell::new(String::from("connection reset"));
    let shown = last_error.get();
    println!("{shown}");
}
