//! Lesson 02.4: why the compiler forbids pushing to a `Vec` while a reference
//! into it is alive, and the two usual fixes.
//!
//! Run with `cargo run -p m02-ownership --example vec_realloc`.

// ANCHOR: grow
/// Fills a `Vec` past its capacity and reports the capacity before and after.
fn grow_past_capacity() -> (usize, usize) {
    let mut batch: Vec<String> = Vec::with_capacity(2);
    batch.push(String::from("order-17"));
    batch.push(String::from("order-18"));
    let before = batch.capacity(); // full: len 2, capacity 2
    batch.push(String::from("order-19")); // no room: a new, bigger buffer
    (before, batch.capacity())
}
// ANCHOR_END: grow

fn main() {
    let (before, after) = grow_past_capacity();
    println!("capacity {before} -> {after}: Vec asked the allocator for a bigger buffer");

    // ANCHOR: fixes
    let mut batch = vec![String::from("order-17"), String::from("order-18")];

    // Fix 1: remember a position, not a reference.
    let first = 0;
    batch.push(String::from("order-19"));
    println!("first by index: {}", batch[first]);

    // Fix 2: take your own copy of what you need before changing the Vec.
    let first_copy = batch[0].clone();
    batch.push(String::from("order-20"));
    println!("first by copy:  {first_copy}");
    // ANCHOR_END: fixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushing_past_capacity_allocates_more_room() {
        let (before, after) = grow_past_capacity();
        assert_eq!(before, 2);
        assert!(after >= 3);
    }
}
