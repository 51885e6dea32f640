//! Answers to the "Try it" exercises of lesson 01.2.
//!
//! Run with `cargo run -p m01-core-foundations --example answers_01_2`.
//! Exercise 1 is about the test runner (see the lesson); exercise 3 is a
//! compile error, in `compile_fail/remember_i32.rs`.

// ANCHOR: answer2
/// The two new inputs of `numeric_conversions.rs`, cast with `as`.
mod answer2 {
    /// `-129_i32` is `0xFFFF_FF7F`: its low byte is `0x7F`, which is 127.
    pub(crate) fn low_byte(value: i32) -> u8 {
        value as u8
    }

    /// A float cast rounds toward zero: 0.000 001 becomes 0 for both types.
    pub(crate) fn float_casts(value: f64) -> (u8, i32) {
        (value as u8, value as i32)
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
/// `record_failure` from `outbox_counters.rs` with plain `+` instead of
/// `saturating_add`.
mod answer4 {
    pub(crate) fn record_failure(attempts: u32) -> u32 {
        attempts + 1 // panics on overflow in a debug build, wraps in release
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// The two new rows of `type_sizes.rs`.
mod answer5 {
    use std::mem::size_of;

    pub(crate) fn new_rows() -> [(&'static str, usize); 2] {
        [
            // 1 byte, 7 bytes of padding so the u64 starts at a multiple of 8, 8 bytes
            ("(u8, u64)", size_of::<(u8, u64)>()),
            // four 4-byte chars, no padding
            ("[char; 4]", size_of::<[char; 4]>()),
        ]
    }
}
// ANCHOR_END: answer5

fn main() {
    println!("answer 2:");
    println!("  {:>4}_i32 as u8 = {}", -129, answer2::low_byte(-129));
    let (as_u8, as_i32) = answer2::float_casts(0.000_001);
    println!(
        "  {:>12?} as u8 = {as_u8:>3}, as i32 = {as_i32}",
        0.000_001_f64
    );
    println!("answer 4:");
    println!("  record_failure(4) = {}", answer4::record_failure(4));
    println!("answer 5:");
    for (name, bytes) in answer5::new_rows() {
        println!("  {name:<14} {bytes:>5}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer2_low_byte_and_float_casts() {
        assert_eq!(answer2::low_byte(-129), 127);
        assert_eq!(answer2::float_casts(0.000_001), (0, 0));
    }

    // ANCHOR: answer4_test
    /// `attempts_saturate_instead_of_wrapping` run against the edited
    /// function: `record_failure(u32::MAX)` now panics (debug builds).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "attempt to add with overflow")]
    fn answer4_plain_addition_panics_at_the_limit() {
        assert_eq!(answer4::record_failure(0), 1);
        assert_eq!(answer4::record_failure(u32::MAX), u32::MAX);
    }
    // ANCHOR_END: answer4_test

    #[test]
    fn answer5_both_rows_are_16_bytes() {
        assert_eq!(answer5::new_rows(), [("(u8, u64)", 16), ("[char; 4]", 16)]);
    }
}
