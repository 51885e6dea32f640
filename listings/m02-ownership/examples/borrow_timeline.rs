//! Lesson 02.3: a borrow lasts until its last use, not until the end of the
//! block (non-lexical lifetimes).
//!
//! Run with `cargo run -p m02-ownership --example borrow_timeline`.

/// Returns the message with the largest payload. The result borrows from
/// `batch`, so it is usable only while `batch` is neither changed nor gone.
fn largest(batch: &[String]) -> Option<&String> {
    batch.iter().max_by_key(|message| message.len())
}

// ANCHOR: timeline
fn timeline() -> Vec<String> {
    let mut batch = vec![String::from("order-17"), String::from("order-18-amended")];

    let first = &batch[0]; // shared borrow #1 starts
    let biggest = largest(&batch); // shared borrow #2 starts
    println!("first = {first}, largest = {biggest:?}"); // last use of both

    batch.push(String::from("order-19")); // mutable borrow: fine, #1 and #2 are over
    batch.retain(|message| message != "order-17"); // another mutable borrow

    let count = batch.len(); // a shared borrow that ends inside this line
    println!("{count} messages left: {batch:?}");
    batch // the owner moves out to the caller
}
// ANCHOR_END: timeline

fn main() {
    let kept = timeline();
    println!("caller now owns {}", kept.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_can_change_once_the_borrows_are_over() {
        assert_eq!(timeline(), ["order-18-amended", "order-19"]);
    }

    #[test]
    fn largest_borrows_from_the_slice() {
        let batch = [String::from("a"), String::from("abc")];
        assert_eq!(largest(&batch), Some(&batch[1]));
        assert_eq!(largest(&[]), None);
    }
}
