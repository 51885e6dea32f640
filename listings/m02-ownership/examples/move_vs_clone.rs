//! Lesson 02.2: a move hands over the existing heap buffer; a clone makes a
//! second, independent one.
//!
//! Run with `cargo run -p m02-ownership --example move_vs_clone`.

/// Does `text` still use the heap buffer that starts at `buffer`?
fn uses_buffer(text: &str, buffer: *const u8) -> bool {
    text.as_ptr() == buffer
}

fn main() {
    // ANCHOR: move_and_clone
    let original = String::from("order-17 placed");
    let buffer = original.as_ptr(); // the address of the heap bytes

    let moved = original; // move: three words copied, `original` retired
    let mut cloned = moved.clone(); // clone: a new buffer, every byte copied
    cloned.push_str(" (retry)");

    println!(
        "moved  uses the first buffer: {}",
        uses_buffer(&moved, buffer)
    );
    println!(
        "cloned uses the first buffer: {}",
        uses_buffer(&cloned, buffer)
    );
    println!("moved  = {moved}");
    println!("cloned = {cloned}");
    // ANCHOR_END: move_and_clone

    // ANCHOR: deep_clone
    let batch = vec![String::from("order-17"), String::from("order-18")];
    let copy = batch.clone(); // one new Vec buffer plus one new buffer per String
    let shared_buffers = batch
        .iter()
        .zip(&copy)
        .filter(|(a, b)| a.as_ptr() == b.as_ptr())
        .count();
    println!("strings sharing a buffer after Vec::clone: {shared_buffers}");
    // ANCHOR_END: deep_clone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_keeps_the_buffer_and_a_clone_does_not() {
        let original = String::from("order-17 placed");
        let buffer = original.as_ptr();
        let moved = original;
        let cloned = moved.clone();
        assert!(uses_buffer(&moved, buffer));
        assert!(!uses_buffer(&cloned, buffer));
        assert_eq!(moved, cloned, "same contents, different owners");
    }

    #[test]
    fn changing_a_clone_leaves_the_original_alone() {
        let original = vec![String::from("a")];
        let mut copy = original.clone();
        copy[0].push('!');
        assert_eq!(original, ["a"]);
        assert_eq!(copy, ["a!"]);
    }
}
