//! Lesson 05.4: what a panic does. The panicking thread's stack unwinds,
//! every value on it is dropped (so guards still run), and the thread ends.
//! The thread that joins it gets the panic as an `Err` holding the payload.

use std::any::Any;
use std::panic;
use std::thread;

// ANCHOR: guard
/// Hands a leased message back when dropped, whether the work finished or
/// a panic is unwinding through it.
struct LeaseGuard {
    id: u64,
}

impl Drop for LeaseGuard {
    fn drop(&mut self) {
        let why = if thread::panicking() {
            "unwinding"
        } else {
            "done"
        };
        println!("  lease on message {} released ({why})", self.id);
    }
}
// ANCHOR_END: guard

// ANCHOR: route
/// The routing key is the header's third field. Indexing assumes a
/// well-formed header, so a short one panics: a bug to fix, see below.
fn routing_key(id: u64, header: &str) -> String {
    let _lease = LeaseGuard { id };
    let fields: Vec<&str> = header.split('|').collect();
    fields[2].to_owned()
}
// ANCHOR_END: route

// ANCHOR: payload
/// A panic payload is a `Box<dyn Any + Send>`: `panic!("literal")` puts a
/// `&'static str` in it, a formatted message puts a `String`.
fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&'static str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a panic without a message"
    }
}
// ANCHOR_END: payload

// ANCHOR: main
fn main() {
    // The default hook prints "thread '…' panicked at file:line" to stderr
    // (plus a backtrace when RUST_BACKTRACE is set). This program reports
    // the panic itself, so it installs a hook that prints nothing.
    panic::set_hook(Box::new(|_| {}));

    let headers = [
        (1, "order-1|OrderPlaced|orders.placed"),
        (2, "order-2|OrderPaid"),
    ];
    for (id, header) in headers {
        println!("message {id}:");
        let worker = thread::spawn(move || routing_key(id, header));
        match worker.join() {
            Ok(key) => println!("  routed to {key}"),
            Err(payload) => println!("  worker panicked: {}", payload_text(payload.as_ref())),
        }
    }
    println!("main is still running");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_header_routes() {
        assert_eq!(routing_key(1, "a|b|orders.placed"), "orders.placed");
    }

    #[test]
    #[should_panic(expected = "index out of bounds: the len is 2 but the index is 2")]
    fn a_short_header_panics() {
        routing_key(2, "order-2|OrderPaid");
    }

    #[test]
    fn payloads_are_strs_or_strings() {
        let literal = panic::catch_unwind(|| panic!("literal")).expect_err("panics");
        assert_eq!(payload_text(literal.as_ref()), "literal");
        let formatted = panic::catch_unwind(|| panic!("{} left", 3)).expect_err("panics");
        assert_eq!(payload_text(formatted.as_ref()), "3 left");
    }
}
