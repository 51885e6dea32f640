//! Lesson 02.2: `Copy` types are duplicated bit for bit on every assignment;
//! `Clone` is an explicit method call that may allocate.
//!
//! Run with `cargo run -p m02-ownership --example copy_types`.

// ANCHOR: derive
/// An outbox row id: a plain number, so copying it costs what a `u64` costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MessageId(u64);

/// Where a message stands: all fields are `Copy`, so the struct can be too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attempt {
    id: MessageId,
    number: u8,
}

/// Owns a `String`, so it can be `Clone` but never `Copy`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Envelope {
    id: MessageId,
    topic: String,
}
// ANCHOR_END: derive

/// Takes an id by value. For a `Copy` type that means "gets its own copy".
fn log_id(id: MessageId) -> String {
    format!("message #{}", id.0)
}

/// Compiles only when `T: Copy`: a check made by the compiler, free at run time.
fn assert_copy<T: Copy>() {}

fn main() {
    // ANCHOR: copy
    let id = MessageId(17);
    let same = id; // a bitwise copy: `id` is still usable
    let line = log_id(id); // passing by value copies again
    let next_try = Attempt { id, number: 2 };
    let saved = next_try; // the whole struct is copied
    println!("{line}; id = {id:?}, same = {same:?}");
    println!("next_try = {next_try:?}, saved = {saved:?}");
    // ANCHOR_END: copy

    // ANCHOR: clone
    let envelope = Envelope {
        id,
        topic: String::from("orders"),
    };
    let retry = envelope.clone(); // explicit, and it allocates a new topic
    let handed_over = envelope; // a move: `envelope` is finished
    println!("retry == handed_over: {}", retry == handed_over);
    // ANCHOR_END: clone

    // ANCHOR: which_are_copy
    assert_copy::<u64>();
    assert_copy::<char>();
    assert_copy::<(u32, bool)>();
    assert_copy::<[u8; 16]>();
    assert_copy::<Option<MessageId>>();
    assert_copy::<&str>(); // shared references are Copy...
    assert_copy::<&String>(); // ...whatever they point to
    // assert_copy::<String>();       // error[E0277]: `String: Copy` is not satisfied
    // assert_copy::<&mut String>();  // error[E0277]: `&mut String: Copy` is not satisfied
    // ANCHOR_END: which_are_copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_independent_values() {
        let mut attempt = Attempt {
            id: MessageId(1),
            number: 1,
        };
        let before = attempt;
        attempt.number += 1;
        assert_eq!(before.number, 1);
        assert_eq!(attempt.number, 2);
    }

    #[test]
    fn clones_compare_equal_but_own_separate_text() {
        let envelope = Envelope {
            id: MessageId(3),
            topic: String::from("orders"),
        };
        let copy = envelope.clone();
        assert_eq!(copy, envelope);
        assert_ne!(copy.topic.as_ptr(), envelope.topic.as_ptr());
        assert_eq!(log_id(copy.id), "message #3");
    }
}
