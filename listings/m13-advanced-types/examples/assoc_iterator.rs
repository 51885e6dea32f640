//! Why `Iterator` has an associated type: one impl per type, so the item
//! type follows from the iterator and never needs to be written.
//!
//! Run with `cargo run -p m13-advanced-types --example assoc_iterator`.

use std::time::Duration;

// ANCHOR: backoffs
/// The delays of a retry schedule: `first`, then doubling up to `max`.
#[derive(Debug, Clone)]
struct Backoffs {
    next: Duration,
    max: Duration,
}

impl Backoffs {
    fn new(first: Duration, max: Duration) -> Self {
        Self { next: first, max }
    }
}

impl Iterator for Backoffs {
    /// Chosen by the implementor, once: a `Backoffs` yields `Duration`s.
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let current = self.next;
        self.next = (current * 2).min(self.max);
        Some(current)
    }
}
// ANCHOR_END: backoffs

// ANCHOR: generic_twin
/// The same idea with a type parameter: legal, but now one type can be a
/// source of many item types, and every use must say which.
trait Source<T> {
    fn next_item(&mut self) -> Option<T>;
}

struct Ids {
    next: i64,
}

impl Source<i64> for Ids {
    fn next_item(&mut self) -> Option<i64> {
        self.next += 1;
        Some(self.next)
    }
}

impl Source<String> for Ids {
    fn next_item(&mut self) -> Option<String> {
        self.next += 1;
        Some(format!("outbox-{}", self.next))
    }
}
// ANCHOR_END: generic_twin

// ANCHOR: main
fn main() {
    // No annotation anywhere: `Item = Duration` follows from `Backoffs`.
    let schedule = Backoffs::new(Duration::from_millis(100), Duration::from_secs(1));
    let delays: Vec<_> = schedule.clone().take(6).collect();
    let total: Duration = schedule.take(6).sum();
    let millis: Vec<u128> = delays.iter().map(Duration::as_millis).collect();
    println!("delays in ms: {millis:?}");
    println!("total wait in ms: {}", total.as_millis());

    // With a type parameter, the caller picks the impl.
    let mut ids = Ids { next: 0 };
    let number: Option<i64> = ids.next_item();
    let label = Source::<String>::next_item(&mut ids);
    println!("{number:?} then {label:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_and_stop_at_the_maximum() {
        let delays: Vec<u128> =
            Backoffs::new(Duration::from_millis(100), Duration::from_millis(500))
                .take(5)
                .map(|d| d.as_millis())
                .collect();
        assert_eq!(delays, [100, 200, 400, 500, 500]);
    }

    #[test]
    fn each_source_impl_counts_on_the_same_state() {
        let mut ids = Ids { next: 0 };
        assert_eq!(Source::<i64>::next_item(&mut ids), Some(1));
        assert_eq!(
            Source::<String>::next_item(&mut ids),
            Some("outbox-2".into())
        );
    }
}
