//! Lesson 11.2: `RefCell` checks the borrow rules at run time, so breaking
//! them is a panic, not a compile error. `try_borrow_mut` asks instead.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

// ANCHOR: outbox
/// An in-memory outbox whose methods take `&self`.
#[derive(Debug, Default)]
struct Outbox {
    pending: RefCell<Vec<String>>,
    sent: RefCell<Vec<String>>,
}

impl Outbox {
    fn mark_sent(&self, id: &str) {
        self.pending.borrow_mut().retain(|pending| pending != id);
        self.sent.borrow_mut().push(id.to_owned());
    }

    /// The bug: `mark_sent` wants `pending` mutably while the loop still
    /// reads it. With `&mut` this would not compile; with `RefCell` it panics.
    fn flush_buggy(&self) {
        for id in self.pending.borrow().iter() {
            self.mark_sent(id);
        }
    }

    /// The fix: take the pending list out first, so no borrow is held
    /// while `sent` is updated.
    fn flush(&self) -> usize {
        let batch = self.pending.take(); // borrow_mut, mem::take, release
        for id in &batch {
            self.sent.borrow_mut().push(id.clone());
        }
        batch.len()
    }
}
// ANCHOR_END: outbox

// ANCHOR: main
fn main() {
    let outbox = Outbox::default();
    outbox
        .pending
        .borrow_mut()
        .extend(["m1".into(), "m2".into()]);

    // The default hook would also print the thread's name and id; show the message only.
    panic::set_hook(Box::new(|info| {
        println!(
            "panicked: {}",
            info.payload_as_str().unwrap_or("(no message)")
        );
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| outbox.flush_buggy()));
    let _ = panic::take_hook();
    println!("flush_buggy returned normally: {}", outcome.is_ok());
    // Unwinding dropped the `Ref`, so the cell is usable again.
    println!("pending after the panic: {:?}", outbox.pending.borrow());

    // try_borrow_mut reports the conflict instead of panicking.
    {
        let reading = outbox.pending.borrow();
        match outbox.pending.try_borrow_mut() {
            Ok(_) => println!("try_borrow_mut while reading: granted"),
            Err(error) => println!("try_borrow_mut while reading: {error} ({error:?})"),
        }
        println!("still reading {} ids", reading.len());
    }

    println!("flush sent {}", outbox.flush());
    println!("sent: {:?}", outbox.sent.borrow());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: should_panic
    #[test]
    #[should_panic(expected = "RefCell already borrowed")]
    fn mutating_the_list_while_iterating_it_panics() {
        let outbox = Outbox::default();
        outbox.pending.borrow_mut().push("m1".into());
        outbox.flush_buggy();
    }
    // ANCHOR_END: should_panic

    #[test]
    #[should_panic(expected = "RefCell already mutably borrowed")]
    fn reading_while_writing_panics_too() {
        let cell = RefCell::new(0);
        let _writing = cell.borrow_mut();
        let _ = *cell.borrow();
    }

    #[test]
    fn flush_moves_everything_to_sent() {
        let outbox = Outbox::default();
        outbox.pending.borrow_mut().extend(["a".into(), "b".into()]);
        assert_eq!(outbox.flush(), 2);
        assert!(outbox.pending.borrow().is_empty());
        assert_eq!(*outbox.sent.borrow(), ["a", "b"]);
    }

    #[test]
    fn try_borrow_mut_succeeds_once_readers_are_gone() {
        let cell = RefCell::new(vec![1]);
        let reader = cell.borrow();
        assert!(cell.try_borrow_mut().is_err());
        drop(reader);
        cell.try_borrow_mut().expect("no readers left").push(2);
        assert_eq!(*cell.borrow(), [1, 2]);
    }
}
