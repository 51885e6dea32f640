//! Lesson 01.3: the three shapes of text in Rust.
//!
//! A `String` owns a growable heap buffer (pointer, length, capacity). A
//! `&str` borrows a run of UTF-8 bytes that lives somewhere else (pointer,
//! length). A string literal is a `&'static str` whose bytes are baked into
//! the binary. This program builds one of each and shows how they relate.

fn main() {
    // ANCHOR: kinds
    // A literal: the bytes live in the compiled program, valid forever.
    let event_kind: &'static str = "OrderPlaced";

    // A String: owned, on the heap, growable.
    let mut topic = String::with_capacity(32);
    topic.push_str("orders.");
    topic.push_str(event_kind);

    // A &str into the middle of the String: a view, nothing is copied.
    let suffix: &str = &topic[7..];

    println!("topic  = {topic:?}");
    println!("  len = {}, capacity = {}", topic.len(), topic.capacity());
    println!("suffix = {suffix:?}");
    println!("  len = {}", suffix.len());
    println!(
        "  starts {} bytes into topic's buffer",
        offset_in(&topic, suffix)
    );
    println!(
        "literal = {event_kind:?}, equal to suffix: {}",
        event_kind == suffix
    );
    // ANCHOR_END: kinds

    // ANCHOR: sizes
    let word = size_of::<usize>();
    println!("String header: {} words", size_of::<String>() / word);
    println!("&str header:   {} words", size_of::<&str>() / word);
    // ANCHOR_END: sizes
}

/// How many bytes into `whole`'s buffer the borrowed `part` begins.
///
/// Only meaningful when `part` really borrows from `whole`; it compares
/// addresses, which is exactly what shows that no bytes were copied.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr().addr() - whole.as_ptr().addr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_points_into_the_owner() {
        let mut topic = String::with_capacity(32);
        topic.push_str("orders.OrderPlaced");
        let suffix = &topic[7..];
        assert_eq!(suffix, "OrderPlaced");
        assert_eq!(offset_in(&topic, suffix), 7);
        assert!(topic.capacity() >= 32);
    }

    #[test]
    fn headers_are_three_and_two_words() {
        assert_eq!(size_of::<String>(), 3 * size_of::<usize>());
        assert_eq!(size_of::<&str>(), 2 * size_of::<usize>());
    }
}
