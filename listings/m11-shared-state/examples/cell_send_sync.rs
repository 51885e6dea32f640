//! Lesson 11.2: `Cell` and `RefCell` are `Send` (the whole cell may move to
//! another thread) but not `Sync` (two threads may not share one).

use std::cell::{Cell, RefCell};
use std::thread;

// ANCHOR: send
fn assert_send<T: Send>() {}

fn main() {
    assert_send::<Cell<u64>>();
    assert_send::<RefCell<Vec<String>>>();

    // Moved in, used by one thread, moved back out: never shared.
    let log = RefCell::new(vec!["from main".to_string()]);
    let calls = Cell::new(0_u32);
    let worker = thread::spawn(move || {
        log.borrow_mut().push("from the worker".to_string());
        calls.set(calls.get() + 1);
        (log, calls)
    });
    let (log, calls) = worker.join().expect("the worker does not panic");
    println!("{:?} after {} call(s)", log.into_inner(), calls.get());
}
// ANCHOR_END: send

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_can_be_moved_to_a_thread_and_back() {
        let cell = RefCell::new(1);
        let back = thread::spawn(move || {
            *cell.borrow_mut() += 1;
            cell
        })
        .join()
        .expect("no panic");
        assert_eq!(back.into_inner(), 2);
    }
}
