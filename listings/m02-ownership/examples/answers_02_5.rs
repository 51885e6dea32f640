//! Answers to the "Try it" exercises of lesson 02.5.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_5`.

// ANCHOR: answer1
/// `scope_vs_region` with one more read of `aggregate` at the very end of
/// the block: the loan's bar grows to [5], still inside `line`'s bar.
fn scope_vs_region_longer_loan() -> Vec<String> {
    let mut log = Vec::new();
    {
        let line = String::from("order-42|OrderPlaced|{}"); // [1] the owner
        let aggregate = &line[..8]; // [2] a loan of `line` begins
        log.push(format!("aggregate: {aggregate}"));
        log.push(format!("line: {} bytes", line.len())); // [4]
        log.push(aggregate.to_string()); // the new last use, just before [5]
    } // [5] `line` is dropped; the loan ended one line earlier
    log
}
// ANCHOR_END: answer1

fn main() {
    for entry in scope_vs_region_longer_loan() {
        println!("{entry}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longer_loan_still_fits_inside_the_owner() {
        assert_eq!(
            scope_vs_region_longer_loan(),
            ["aggregate: order-42", "line: 23 bytes", "order-42"]
        );
    }
}
