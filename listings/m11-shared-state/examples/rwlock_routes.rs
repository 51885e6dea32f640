//! Lesson 11.3: `RwLock` for data that is read all the time and changed rarely.

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier, RwLock};
use std::thread;

// ANCHOR: routes
/// Which queue each event type goes to: read on every message, replaced
/// when the configuration is reloaded.
#[derive(Debug, Default)]
struct Routes {
    by_event: RwLock<BTreeMap<String, String>>,
}

impl Routes {
    fn queue_for(&self, event: &str) -> Option<String> {
        // Many threads may hold read guards at the same time.
        let table = self.by_event.read().expect("routes lock poisoned");
        table.get(event).cloned()
    }

    fn reload(&self, fresh: BTreeMap<String, String>) {
        // A write guard waits for every reader to finish, then excludes them.
        let mut table = self.by_event.write().expect("routes lock poisoned");
        *table = fresh;
    }
}
// ANCHOR_END: routes

fn table(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn main() {
    let routes = Arc::new(Routes::default());
    routes.reload(table(&[
        ("OrderPlaced", "orders"),
        ("InvoiceSent", "billing"),
    ]));

    // ANCHOR: readers
    let found: Vec<Option<String>> = thread::scope(|scope| {
        let handles: Vec<_> = ["OrderPlaced", "InvoiceSent", "Unknown"]
            .into_iter()
            .map(|event| scope.spawn(|| routes.queue_for(event)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    println!("found: {found:?}");

    // Two threads each hold a read guard, at the same time for certain thanks
    // to the barrier. (Not one thread taking two: that can deadlock.)
    let reading = Barrier::new(3);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let _table = routes.by_event.read().expect("routes lock poisoned");
                reading.wait(); // both readers hold their guards
                reading.wait(); // until main has tried to write
            });
        }
        reading.wait();
        println!(
            "two readers at once; a writer now: {:?}",
            routes.by_event.try_write().is_ok()
        );
        reading.wait();
    });
    println!(
        "after the readers: {:?}",
        routes.by_event.try_write().is_ok()
    );
    // ANCHOR_END: readers

    routes.reload(table(&[("OrderPlaced", "orders-v2")]));
    println!("after reload: {:?}", routes.queue_for("OrderPlaced"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_see_whole_tables_during_reloads() {
        let routes = Routes::default();
        let old = table(&[("a", "1"), ("b", "1")]);
        let new = table(&[("a", "2"), ("b", "2")]);
        routes.reload(old.clone());
        thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..200 {
                    routes.reload(if i % 2 == 0 { new.clone() } else { old.clone() });
                }
            });
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..200 {
                        let t = routes.by_event.read().expect("ok");
                        assert_eq!(t.get("a"), t.get("b"), "never half a table");
                    }
                });
            }
        });
    }
}
