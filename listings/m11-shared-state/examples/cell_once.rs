//! Lesson 11.2: values set once. `OnceCell` for one thread, `OnceLock` and
//! `LazyLock` for values shared between threads, such as statics.

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::thread;

// ANCHOR: once_cell
/// A message whose routing key is built the first time someone asks.
#[derive(Debug)]
struct Message {
    aggregate_type: &'static str,
    event_type: &'static str,
    routing_key: OnceCell<String>,
    builds: Cell<u32>,
}

impl Message {
    fn new(aggregate_type: &'static str, event_type: &'static str) -> Self {
        Self {
            aggregate_type,
            event_type,
            routing_key: OnceCell::new(),
            builds: Cell::new(0),
        }
    }

    /// `&self`, yet it fills in a field: the `&str` it returns borrows from
    /// the cell, which never changes again once set.
    fn routing_key(&self) -> &str {
        self.routing_key.get_or_init(|| {
            self.builds.set(self.builds.get() + 1);
            format!("{}.{}", self.aggregate_type, self.event_type).to_lowercase()
        })
    }
}
// ANCHOR_END: once_cell

// ANCHOR: statics
/// How many times the table below was built (a `Cell` cannot be a static; an atomic can).
static TABLE_BUILDS: AtomicUsize = AtomicUsize::new(0);

/// Built on first use, by whichever thread gets there first; the others wait.
static EXCHANGES: LazyLock<BTreeMap<&'static str, &'static str>> = LazyLock::new(|| {
    TABLE_BUILDS.fetch_add(1, Ordering::Relaxed);
    BTreeMap::from([("Order", "orders"), ("Payment", "payments")])
});

/// Set once at startup, from configuration, then only read.
static INSTANCE_ID: OnceLock<String> = OnceLock::new();
// ANCHOR_END: statics

// ANCHOR: main
fn main() {
    let message = Message::new("Order", "Placed");
    println!("{} / {}", message.routing_key(), message.routing_key());
    println!("built {} time(s)", message.builds.get());

    let exchanges: Vec<&str> = thread::scope(|scope| {
        let lookups: Vec<_> = ["Order", "Payment", "Order", "Payment"]
            .into_iter()
            .map(|kind| scope.spawn(move || EXCHANGES[kind]))
            .collect();
        lookups
            .into_iter()
            .map(|lookup| lookup.join().expect("a lookup does not panic"))
            .collect()
    });
    println!(
        "{exchanges:?}, table built {} time(s)",
        TABLE_BUILDS.load(Ordering::Relaxed)
    );

    println!("first set:  {:?}", INSTANCE_ID.set("relay-a".to_string()));
    println!("second set: {:?}", INSTANCE_ID.set("relay-b".to_string()));
    println!("instance:   {:?}", INSTANCE_ID.get());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_routing_key_is_built_once() {
        let message = Message::new("Payment", "Taken");
        assert_eq!(message.routing_key(), "payment.taken");
        assert_eq!(message.routing_key(), "payment.taken");
        assert_eq!(message.builds.get(), 1);
    }

    #[test]
    fn the_lazy_table_is_built_once_for_all_threads() {
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| assert_eq!(EXCHANGES["Order"], "orders"));
            }
        });
        assert_eq!(TABLE_BUILDS.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_once_lock_keeps_its_first_value() {
        let id = OnceLock::new();
        let inits = AtomicUsize::new(0);
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    id.get_or_init(|| {
                        inits.fetch_add(1, Ordering::Relaxed);
                        "relay-a".to_string()
                    })
                });
            }
        });
        assert_eq!(inits.load(Ordering::Relaxed), 1);
        assert_eq!(id.set("other".into()), Err("other".into()));
        assert_eq!(id.get().map(String::as_str), Some("relay-a"));
    }
}
