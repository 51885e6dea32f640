//! Lesson 02.1: a value is dropped when its owner goes out of scope, locals
//! go in reverse order of declaration, and a move changes who does the dropping.
//!
//! Run with `cargo run -p m02-ownership --example drop_order`.

use std::cell::RefCell;

thread_local! {
    /// Every create/drop event on this thread, so the tests can check the order.
    /// (`RefCell` is interior mutability, lesson 11.2; here it only keeps a log.)
    static EVENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Prints an event and remembers it.
fn record(event: String) {
    println!("  {event}");
    EVENTS.with(|events| events.borrow_mut().push(event));
}

/// Returns (and clears) the events recorded on this thread so far.
#[cfg(test)]
fn take_events() -> Vec<String> {
    EVENTS.with(|events| events.take())
}

// ANCHOR: noisy
/// A value that announces its own destruction, so we can watch ownership work.
struct Noisy {
    name: String,
}

impl Noisy {
    fn new(name: &str) -> Noisy {
        record(format!("create {name}"));
        Noisy {
            name: name.to_string(),
        }
    }
}

impl Drop for Noisy {
    /// Runs exactly once, when the owner of this value goes away.
    fn drop(&mut self) {
        record(format!("drop   {}", self.name));
    }
}
// ANCHOR_END: noisy

// ANCHOR: reverse
fn reverse_order() {
    let _first = Noisy::new("first");
    let _second = Noisy::new("second");
    {
        let _inner = Noisy::new("inner");
        record("-- end of inner block".to_string());
    }
    record("-- end of function".to_string());
}
// ANCHOR_END: reverse

// ANCHOR: moves
/// Takes ownership: whatever is passed in is dropped when this returns.
fn consume(noisy: Noisy) {
    record(format!("consume got {}", noisy.name));
}

/// Creates a value and hands ownership of it to the caller.
fn make(name: &str) -> Noisy {
    Noisy::new(name)
}

fn moves_change_the_owner() {
    let a = Noisy::new("a");
    let b = make("b"); // ownership moves out of `make` into `b`
    consume(a); // ownership moves into `consume`, which drops it
    record("-- back in the caller".to_string());
    let c = b; // ownership moves from `b` to `c`
    record(format!("-- end of function, `c` owns {}", c.name));
}
// ANCHOR_END: moves

// ANCHOR: explicit
fn drop_early() {
    let lease = Noisy::new("lease");
    let _log = Noisy::new("log");
    drop(lease); // `drop` takes ownership, so the value dies here
    record("-- end of function".to_string());
}
// ANCHOR_END: explicit

// ANCHOR: fields
/// A struct owns its fields, so they are dropped when it is, in the order
/// they are declared. A `Vec` drops its elements first to last.
struct Worker {
    _connection: Noisy,
    _buffer: Noisy,
}

fn owners_own_their_parts() {
    let _worker = Worker {
        _connection: Noisy::new("connection"),
        _buffer: Noisy::new("buffer"),
    };
    let _batch = Vec::from([Noisy::new("message 1"), Noisy::new("message 2")]);
    record("-- end of function".to_string());
}
// ANCHOR_END: fields

fn main() {
    println!("reverse_order:");
    reverse_order();
    println!("moves_change_the_owner:");
    moves_change_the_owner();
    println!("drop_early:");
    drop_early();
    println!("owners_own_their_parts:");
    owners_own_their_parts();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_drop_in_reverse_order_and_inner_blocks_first() {
        reverse_order();
        assert_eq!(
            take_events(),
            [
                "create first",
                "create second",
                "create inner",
                "-- end of inner block",
                "drop   inner",
                "-- end of function",
                "drop   second",
                "drop   first",
            ]
        );
    }

    #[test]
    fn a_moved_value_is_dropped_by_its_new_owner_only() {
        moves_change_the_owner();
        let events = take_events();
        let drops: Vec<_> = events.iter().filter(|e| e.starts_with("drop")).collect();
        // Two values, two drops: nothing is dropped twice, nothing leaks.
        assert_eq!(drops, ["drop   a", "drop   b"]);
        let a_dropped = events.iter().position(|e| e == "drop   a");
        let back = events.iter().position(|e| e == "-- back in the caller");
        assert!(a_dropped < back, "`consume` dropped `a` before returning");
    }

    #[test]
    fn fields_and_elements_drop_with_their_owner() {
        owners_own_their_parts();
        let events = take_events();
        let drops: Vec<_> = events.iter().filter(|e| e.starts_with("drop")).collect();
        assert_eq!(
            drops,
            [
                "drop   message 1",
                "drop   message 2",
                "drop   connection",
                "drop   buffer",
            ]
        );
    }

    #[test]
    fn drop_ends_a_value_before_its_scope_does() {
        drop_early();
        assert_eq!(
            take_events(),
            [
                "create lease",
                "create log",
                "drop   lease",
                "-- end of function",
                "drop   log",
            ]
        );
    }
}
