//! Lesson 01.2: where the compiler works out types, and where you tell it.
//!
//! Run with `cargo run -p m01-core-foundations --example type_inference`.

use std::any::type_name_of_val;
use std::num::ParseIntError;

/// Shows that a later use decides the type of an earlier binding.
fn inferred_from_use() -> Vec<i64> {
    // ANCHOR: later_use
    let mut ids = Vec::new(); // Vec<?> for now
    ids.push(1_042); // {integer}: still open
    remember(&mut ids); // takes &mut Vec<i64>: now ids is Vec<i64>
    // ANCHOR_END: later_use
    ids
}

/// Appends the next id; its signature is what pins the type above.
fn remember(ids: &mut Vec<i64>) {
    ids.push(1_043);
}

/// Parses a comma-separated list of attempt counts.
fn parse_attempts(raw: &str) -> Result<Vec<u32>, ParseIntError> {
    // ANCHOR: collect
    raw.split(',')
        .map(|part| part.trim().parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
    // ANCHOR_END: collect
}

fn main() -> Result<(), ParseIntError> {
    // ANCHOR: defaults
    let count = 7; // nothing else constrains it: i32
    let ratio = 0.75; // f64
    println!(
        "count is {}, ratio is {}",
        type_name_of_val(&count),
        type_name_of_val(&ratio)
    );
    // ANCHOR_END: defaults

    println!("ids: {:?}", inferred_from_use());

    // ANCHOR: parse
    let batch: u32 = "250".parse()?; // the annotation on the binding...
    let port = "5672".parse::<u16>()?; // ...or the turbofish on the call
    println!("batch {batch}, port {port}");
    // ANCHOR_END: parse

    println!("attempts: {:?}", parse_attempts("0, 1, 5")?);
    println!("bad list: {:?}", parse_attempts("0, one"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unconstrained_literals_default_to_i32_and_f64() {
        assert_eq!(type_name_of_val(&7), "i32");
        assert_eq!(type_name_of_val(&0.75), "f64");
    }

    #[test]
    fn later_use_fixes_the_element_type() {
        assert_eq!(inferred_from_use(), vec![1_042_i64, 1_043]);
    }

    #[test]
    fn collect_into_result_stops_at_the_first_error() {
        assert_eq!(parse_attempts("0, 1, 5"), Ok(vec![0, 1, 5]));
        assert!(parse_attempts("0, one").is_err());
    }
}
