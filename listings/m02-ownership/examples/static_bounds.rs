//! Lesson 02.5: `'static` references, and what the bound `T: 'static` means.
//!
//! Run with `cargo run -p m02-ownership --example static_bounds`.

use std::fmt;
use std::thread;

// ANCHOR: literal
/// A string literal is stored in the program's binary, so a reference to it
/// is valid for the whole run: its type is `&'static str`.
fn default_route() -> &'static str {
    "outbox.events.unrouted"
}

fn route_outlives_the_block() -> &'static str {
    let route: &'static str;
    {
        let aggregate = String::from("order-42"); // dropped at the `}`
        route = if aggregate.starts_with("order-") {
            "outbox.events.orders"
        } else {
            default_route()
        };
    }
    route // still valid: it was chosen using `aggregate`, but never borrowed it
}
// ANCHOR_END: literal

// ANCHOR: bound
/// Audits `value` on a new thread. That thread may run longer than the
/// caller's stack frame, so `value` must not borrow from it: `T: 'static`.
/// (`Send` says the value may move to another thread; lesson 11.3 covers it.)
fn audit_in_background<T>(value: T) -> thread::JoinHandle<String>
where
    T: fmt::Debug + Send + 'static,
{
    thread::spawn(move || format!("audited {value:?}"))
}
// ANCHOR_END: bound

// ANCHOR: not_forever
/// A claim on a batch of outbox rows that says when it is released.
#[derive(Debug)]
struct Lease {
    batch: u32,
}

impl Drop for Lease {
    fn drop(&mut self) {
        println!("lease on batch {} released", self.batch);
    }
}
// ANCHOR_END: not_forever

/// Waits for the audit thread. `join` fails only if the thread panicked,
/// which here would be a bug, hence `expect`.
fn audit<T: fmt::Debug + Send + 'static>(value: T) -> String {
    audit_in_background(value)
        .join()
        .expect("the audit thread does not panic")
}

fn main() {
    println!("default route: {}", default_route());
    println!("route after the block: {}", route_outlives_the_block());

    // ANCHOR: calls
    // Owned: T = String.
    println!("{}", audit(String::from("order-42")));
    // Borrowed from the binary: T = &'static str.
    println!("{}", audit("OrderPlaced"));
    // Owns all its data: T = Vec<u64>.
    println!("{}", audit(vec![17_u64, 18]));
    // 'static, yet dropped within microseconds.
    println!("{}", audit(Lease { batch: 7 }));
    // ANCHOR_END: calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_outlive_every_local_scope() {
        assert_eq!(route_outlives_the_block(), "outbox.events.orders");
        assert_eq!(default_route(), "outbox.events.unrouted");
    }

    #[test]
    fn owned_and_static_values_satisfy_the_bound() {
        assert_eq!(audit(String::from("a")), "audited \"a\"");
        assert_eq!(audit("b"), "audited \"b\"");
        assert_eq!(audit(3_u8), "audited 3");
    }
}
