//! Lesson 04.3: `impl Trait` in argument and return position, and what a
//! returned `impl Trait` captures (precise capturing with `use<..>`).
//!
//! Run with `cargo run -p m04-traits-generics --example impl_trait`.

use std::fmt::Display;

/// A stored event, as far as this listing cares.
#[derive(Debug, Clone)]
struct Event {
    id: i64,
    payload: Vec<u8>,
}

// ANCHOR: argument
/// Renders anything iterable whose items can be displayed: an array of ids,
/// a `Vec<String>`, the output of `map`.
fn render(items: impl IntoIterator<Item = impl Display>) -> String {
    let shown: Vec<String> = items.into_iter().map(|item| item.to_string()).collect();
    shown.join(" ")
}
// ANCHOR_END: argument

// ANCHOR: returning
/// The events' ids, lazily. The iterator borrows `events`, and
/// `use<'_>` says so (Rust 2024 would assume it anyway).
fn ids(events: &[Event]) -> impl Iterator<Item = i64> + use<'_> {
    events.iter().map(|event| event.id)
}

/// The payload sizes, computed now. `use<>` promises the iterator borrows
/// nothing, so callers may change `events` while they hold it.
fn sizes(events: &[Event]) -> impl Iterator<Item = usize> + use<> {
    let sizes: Vec<usize> = events.iter().map(|event| event.payload.len()).collect();
    sizes.into_iter()
}

/// A filter to hand around. A closure's type has no name, so `impl Fn` is
/// how a function returns one without boxing it.
fn larger_than(limit: usize) -> impl Fn(&Event) -> bool {
    move |event| event.payload.len() > limit
}
// ANCHOR_END: returning

fn main() {
    // ANCHOR: use
    let mut events = vec![
        Event {
            id: 1,
            payload: b"{}".to_vec(),
        },
        Event {
            id: 2,
            payload: br#"{"total":12}"#.to_vec(),
        },
    ];
    println!("ids: {}", render(ids(&events)));
    let before = sizes(&events);
    events.clear(); // fine: `before` borrows nothing
    println!("sizes before clearing: {}", render(before));
    // ANCHOR_END: use

    // ANCHOR: filter
    let big = larger_than(4);
    let kept: Vec<i64> = [
        Event {
            id: 7,
            payload: vec![0; 2],
        },
        Event {
            id: 8,
            payload: vec![0; 16],
        },
    ]
    .iter()
    .filter(|event| big(event))
    .map(|event| event.id)
    .collect();
    println!("larger than 4 bytes: {kept:?}");
    // ANCHOR_END: filter
    println!("{}", render(["a", "b"]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_takes_any_displayable_items() {
        assert_eq!(render([1, 2, 3]), "1 2 3");
        assert_eq!(render(vec!["x".to_string()]), "x");
    }

    #[test]
    fn sizes_outlive_the_events() {
        let mut events = vec![Event {
            id: 1,
            payload: vec![0; 3],
        }];
        let sizes = sizes(&events);
        events.clear();
        assert_eq!(sizes.collect::<Vec<_>>(), [3]);
    }
}
