//! Lesson 11.3: `std::thread::spawn` takes ownership, and `join` brings a result back.

use std::sync::Arc;
use std::thread;

// ANCHOR: spawn
/// Checks each batch on its own OS thread and returns the sizes in batch order.
fn sizes_in_parallel(batches: Vec<Vec<String>>) -> Vec<usize> {
    let handles: Vec<thread::JoinHandle<usize>> = batches
        .into_iter()
        .map(|batch| {
            // `move`: the thread owns its batch. Nothing it uses is borrowed
            // from this function, which may return before the thread ends.
            thread::spawn(move || batch.iter().map(String::len).sum())
        })
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a checking thread panicked"))
        .collect()
}
// ANCHOR_END: spawn

// ANCHOR: arc
/// Shares one read-only list between threads: each gets its own `Arc` handle.
fn count_matches(topics: Arc<Vec<String>>, prefixes: &[&'static str]) -> Vec<(String, usize)> {
    let handles: Vec<_> = prefixes
        .iter()
        .map(|&prefix| {
            let topics = Arc::clone(&topics);
            thread::spawn(move || {
                let n = topics.iter().filter(|t| t.starts_with(prefix)).count();
                (prefix.to_owned(), n)
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("no panic"))
        .collect()
}
// ANCHOR_END: arc

// ANCHOR: join_panic
/// `join` returns `Err` with the panic's payload when the thread panicked.
fn join_reports_panics() -> String {
    let handle = thread::Builder::new()
        .name("parser".into())
        .spawn(|| -> u32 { "not a number".parse().expect("a number") })
        .expect("the OS created the thread");
    match handle.join() {
        Ok(n) => format!("parsed {n}"),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map_or("unknown panic", String::as_str);
            format!("the thread panicked: {message}")
        }
    }
}
// ANCHOR_END: join_panic

fn main() {
    // Keep the example's output stable: report panics ourselves, not through
    // the default hook (which prints the thread id and source location).
    std::panic::set_hook(Box::new(|_| {}));

    let batches = vec![
        vec!["order-1".to_owned(), "order-22".to_owned()],
        vec!["invoice-7".to_owned()],
        vec![],
    ];
    println!("sizes: {:?}", sizes_in_parallel(batches));

    let topics = Arc::new(vec![
        "orders.created".to_owned(),
        "orders.paid".to_owned(),
        "invoices.sent".to_owned(),
    ]);
    println!(
        "matches: {:?}",
        count_matches(Arc::clone(&topics), &["orders", "invoices"])
    );
    println!("handles left on the list: {}", Arc::strong_count(&topics));
    println!("{}", join_reports_panics());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_spawn_order() {
        let batches = (0..8).map(|i| vec!["x".repeat(i)]).collect();
        assert_eq!(sizes_in_parallel(batches), (0..8).collect::<Vec<_>>());
    }

    #[test]
    fn every_thread_drops_its_arc() {
        let topics = Arc::new(vec!["a.b".to_owned(), "a.c".to_owned()]);
        let found = count_matches(Arc::clone(&topics), &["a", "b"]);
        assert_eq!(found, [("a".to_owned(), 2), ("b".to_owned(), 0)]);
        assert_eq!(Arc::strong_count(&topics), 1);
    }

    #[test]
    fn a_panic_comes_back_as_an_error() {
        assert!(join_reports_panics().starts_with("the thread panicked: a number"));
    }
}
