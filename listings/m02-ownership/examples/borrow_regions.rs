//! Lesson 02.5: the scope of a value versus the region of a borrow.
//!
//! Run with `cargo run -p m02-ownership --example borrow_regions`.
//! The `[n]` markers in the comments are the points on the lesson's timeline
//! diagrams.

/// A value's scope against a loan's region. The loan of `line` begins at [2]
/// and ends at its last use [3], long before `line` is dropped at [5].
fn scope_vs_region() -> Vec<String> {
    let mut log = Vec::new();
    // ANCHOR: scope_vs_region
    {
        let line = String::from("order-42|OrderPlaced|{}"); // [1] the owner
        let aggregate = &line[..8]; // [2] a loan of `line` begins
        log.push(format!("aggregate: {aggregate}")); // [3] last use
        log.push(format!("line: {} bytes", line.len())); // [4]
    } // [5] `line` is dropped; `aggregate` leaves scope
    // ANCHOR_END: scope_vs_region
    log
}

/// Non-lexical lifetimes: the shared loan behind `first` ends at its last use,
/// so the `push` after it may borrow `batch` mutably.
fn read_then_push() -> Vec<String> {
    // ANCHOR: nll
    let mut batch = vec![String::from("OrderPlaced")]; // [1]
    let first = &batch[0]; // [2] a shared loan of `batch` begins
    println!("publishing {first} first"); // [3] last use of `first`
    batch.push(String::from("OrderShipped")); // [4] `&mut batch`: fine
    println!("batch now holds {} events", batch.len()); // [5]
    // ANCHOR_END: nll
    batch
}

fn main() {
    for line in scope_vs_region() {
        println!("{line}");
    }
    let batch = read_then_push();
    println!("last event: {}", batch[batch.len() - 1]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loan_reads_the_owner_while_it_is_alive() {
        assert_eq!(scope_vs_region(), ["aggregate: order-42", "line: 23 bytes"]);
    }

    #[test]
    fn push_after_the_last_use_of_a_shared_borrow_compiles_and_runs() {
        assert_eq!(read_then_push(), ["OrderPlaced", "OrderShipped"]);
    }
}
