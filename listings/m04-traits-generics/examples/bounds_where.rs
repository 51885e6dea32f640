//! Lesson 04.3: several bounds, `where` clauses, bounds on `impl` blocks,
//! and a trait with an associated type.
//!
//! Run with `cargo run -p m04-traits-generics --example bounds_where`.

use std::collections::BTreeMap;
use std::fmt;

// ANCHOR: multiple
/// The greatest key, ready for a log line: it must be ordered *and* printable.
fn newest_label<T: Ord + fmt::Display>(keys: &[T]) -> Option<String> {
    keys.iter().max().map(|key| format!("newest: {key}"))
}
// ANCHOR_END: multiple

// ANCHOR: where_clause
/// One line per key, keys in order: `order-1: 1, 4`.
///
/// Three type parameters and their bounds read better below the signature.
fn group_lines<I, K, V>(pairs: I) -> Vec<String>
where
    I: IntoIterator<Item = (K, V)>,
    K: Ord + fmt::Display,
    V: fmt::Display,
{
    let mut groups: BTreeMap<K, Vec<String>> = BTreeMap::new();
    for (key, value) in pairs {
        groups.entry(key).or_default().push(value.to_string());
    }
    groups
        .into_iter()
        .map(|(key, values)| format!("{key}: {}", values.join(", ")))
        .collect()
}
// ANCHOR_END: where_clause

// ANCHOR: impl_bounds
/// A value tagged with the attempt that produced it.
#[derive(Debug, Clone, PartialEq)]
struct Attempted<T> {
    attempt: u32,
    value: T,
}

/// For every `T`: no bound needed to build or take apart.
impl<T> Attempted<T> {
    fn first(value: T) -> Self {
        Attempted { attempt: 1, value }
    }

    fn retried(self) -> Self {
        Attempted {
            attempt: self.attempt + 1,
            ..self
        }
    }
}

/// `Attempted<T>` can be displayed exactly when `T` can.
impl<T: fmt::Display> fmt::Display for Attempted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "attempt {}: {}", self.attempt, self.value)
    }
}
// ANCHOR_END: impl_bounds

// ANCHOR: associated
/// Hands out id ranges of at most `size` ids: 1..=3, 4..=6, 7..=7.
#[derive(Debug, Clone)]
struct IdChunks {
    next: i64,
    last: i64,
    size: i64,
}

impl Iterator for IdChunks {
    /// Chosen once by the implementation, not by each caller.
    type Item = (i64, i64);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next > self.last {
            return None;
        }
        let end = (self.next + self.size - 1).min(self.last);
        let chunk = (self.next, end);
        self.next = end + 1;
        Some(chunk)
    }
}

/// A bound can pin the associated type: any iterator, as long as it yields ranges.
fn count_ids<I>(chunks: I) -> i64
where
    I: Iterator<Item = (i64, i64)>,
{
    chunks.map(|(first, last)| last - first + 1).sum()
}
// ANCHOR_END: associated

fn main() {
    // ANCHOR: use
    println!("{:?}", newest_label(&["order-1", "order-9", "order-3"]));
    let pairs = [("order-1", 1), ("order-2", 2), ("order-1", 4)];
    for line in group_lines(pairs) {
        println!("{line}");
    }
    let status = Attempted::first("timeout").retried();
    println!("{status}");
    let chunks = IdChunks {
        next: 1,
        last: 7,
        size: 3,
    };
    println!("{:?}", chunks.clone().collect::<Vec<_>>());
    println!("{} ids", count_ids(chunks));
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_keeps_keys_sorted_and_values_in_order() {
        let lines = group_lines([("b", 1), ("a", 2), ("b", 3)]);
        assert_eq!(lines, ["a: 2", "b: 1, 3"]);
    }

    #[test]
    fn attempted_displays_when_its_value_does() {
        let status = Attempted::first(503).retried().retried();
        assert_eq!(status.to_string(), "attempt 3: 503");
    }

    #[test]
    fn chunks_cover_every_id_once() {
        let chunks = IdChunks {
            next: 10,
            last: 20,
            size: 4,
        };
        assert_eq!(count_ids(chunks), 11);
        assert_eq!(newest_label::<u8>(&[]), None);
    }
}
