// `CopyCell` without the `Copy` bound: `get` would move the value out.
use std::cell::UnsafeCell;

struct CopyCell<T> {
    value: UnsafeCell<T>,
}

impl<T> CopyCell<T> {
    fn get(&self) -> T {
        // SAFETY: the same argument as in `cell_unsafe.rs`, which no longer holds.
        unsafe { *self.value.get() }
    }
}

fn main() {
    let cell = CopyCell {
        value: UnsafeCell::new(String::from("connection reset")),
    };
    println!("{}", cell.get());
}
