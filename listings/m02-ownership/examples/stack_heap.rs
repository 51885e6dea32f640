//! Lesson 02.1: a move copies the value's fixed-size part (for `String`, three
//! words on the stack) and never the heap buffer it points to.
//!
//! Run with `cargo run -p m02-ownership --example stack_heap`.

use std::mem::size_of;

// ANCHOR: move_copies_header
/// Moves `payload` into a new owner and reports whether the heap buffer stayed put.
fn move_keeps_the_buffer() -> bool {
    let mut payload = String::with_capacity(32);
    payload.push_str("order-17 placed");
    let buffer = payload.as_ptr(); // where the bytes live on the heap

    let moved = payload; // copies ptr, len, cap; `payload` is now unusable

    moved.as_ptr() == buffer && moved.len() == 15 && moved.capacity() == 32
}
// ANCHOR_END: move_copies_header

fn main() {
    // ANCHOR: sizes
    println!("a move copies size_of::<T>() bytes:");
    println!("  String          {:>5} bytes", size_of::<String>());
    println!("  Vec<u64>        {:>5} bytes", size_of::<Vec<u64>>());
    println!(
        "  Box<[u8; 4096]> {:>5} bytes",
        size_of::<Box<[u8; 4096]>>()
    );
    println!("  [u8; 4096]      {:>5} bytes", size_of::<[u8; 4096]>());
    // ANCHOR_END: sizes
    println!(
        "heap buffer unchanged by the move: {}",
        move_keeps_the_buffer()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owning_handles_are_three_or_one_words() {
        let word = size_of::<usize>();
        assert_eq!(size_of::<String>(), 3 * word);
        assert_eq!(size_of::<Vec<u64>>(), 3 * word);
        assert_eq!(size_of::<Box<[u8; 4096]>>(), word);
    }

    #[test]
    fn moving_a_string_does_not_touch_its_heap_buffer() {
        assert!(move_keeps_the_buffer());
    }
}
