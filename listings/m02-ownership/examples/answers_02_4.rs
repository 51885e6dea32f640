//! Answers to the "Try it" exercises of lesson 02.4.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_4`.

use std::collections::HashMap;

// ANCHOR: answer1
/// The reference version of the fix, with the read moved above the `push`:
/// the shared borrow ends at the `println!`, before `push` needs `&mut`.
fn first_by_reference() -> String {
    let mut batch = vec![String::from("order-17"), String::from("order-18")];
    let first = &batch[0];
    let line = format!("first by reference: {first}"); // last use of `first`
    batch.push(String::from("order-19"));
    line
}
// ANCHOR_END: answer1

// ANCHOR: answer4
/// `count_failures` without `entry`: a lookup, and on a miss an insert.
fn count_failures(failed_ids: &[u64]) -> HashMap<u64, u32> {
    let mut attempts = HashMap::new();
    for &id in failed_ids {
        if let Some(count) = attempts.get_mut(&id) {
            *count += 1; // hit: one lookup
        } else {
            attempts.insert(id, 1); // miss: a second lookup to insert
        }
    }
    attempts
}
// ANCHOR_END: answer4

fn main() {
    println!("answer 1: {}", first_by_reference());
    let failures = count_failures(&[18, 3, 18, 18]);
    let mut sorted: Vec<_> = failures.into_iter().collect();
    sorted.sort_unstable(); // a HashMap's order is not fixed
    println!("answer 4: {sorted:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_before_the_push_compiles_and_prints_the_same() {
        assert_eq!(first_by_reference(), "first by reference: order-17");
    }

    #[test]
    fn counts_match_the_entry_version() {
        let failures = count_failures(&[5, 5, 6]);
        assert_eq!(failures.get(&5), Some(&2));
        assert_eq!(failures.get(&6), Some(&1));
        assert_eq!(failures.len(), 2);
    }
}
