//! Lesson 01.2: converting between numeric types, loudly or on purpose.
//!
//! Run with `cargo run -p m01-core-foundations --example numeric_conversions`.

use std::num::TryFromIntError;

/// `From` exists only where every value fits: widening never fails.
fn widen(attempts: u32) -> i64 {
    // ANCHOR: from
    let as_sql: i64 = i64::from(attempts); // u32 -> i64 always fits
    let also: i64 = attempts.into(); // the same conversion, seen from the other side
    // ANCHOR_END: from
    assert_eq!(as_sql, also);
    as_sql
}

/// `TryFrom` is for conversions that can fail: it hands back a `Result`.
fn narrow(value: i32) -> Result<u8, TryFromIntError> {
    // ANCHOR: try_from
    u8::try_from(value)
    // ANCHOR_END: try_from
}

fn main() {
    println!("u32 7 -> i64 {}", widen(7));
    // ANCHOR: try_from_use
    println!("u8::try_from(200) = {:?}", narrow(200));
    println!("u8::try_from(300) = {:?}", narrow(300));
    if let Err(error) = narrow(300) {
        println!("  error says: {error}");
    }
    // ANCHOR_END: try_from_use

    // ANCHOR: as_int
    // `as` between integers keeps the low bits: it truncates, silently.
    for value in [255_i32, 256, 300, -1] {
        println!("{value:>4}_i32 as u8 = {}", value as u8);
    }
    // ANCHOR_END: as_int

    // ANCHOR: as_float
    // `as` from a float rounds toward zero and saturates at the type's limits.
    for value in [3.99_f64, -3.99, 300.5, -5.0, 5e9, f64::NAN] {
        println!(
            "{value:>12?} as u8 = {:>3}, as i32 = {}",
            value as u8, value as i32
        );
    }
    // ANCHOR_END: as_float
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_is_lossless() {
        assert_eq!(widen(u32::MAX), 4_294_967_295);
    }

    #[test]
    fn try_from_rejects_values_out_of_range() {
        assert_eq!(narrow(200), Ok(200));
        assert!(narrow(300).is_err());
        assert!(narrow(-1).is_err());
    }

    #[test]
    fn as_truncates_integers_and_saturates_floats() {
        let big = std::hint::black_box(300_i32);
        assert_eq!(big as u8, 44);
        let huge = std::hint::black_box(300.5_f64);
        assert_eq!(huge as u8, 255);
        let nan = std::hint::black_box(f64::NAN);
        assert_eq!(nan as i32, 0);
    }
}
