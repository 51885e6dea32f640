//! Lesson 01.2: the scalar types: integers, floats, `bool` and `char`.
//!
//! Run with `cargo run -p m01-core-foundations --example scalar_types`.

/// Prints the range of each integer type the outbox bridge uses.
fn integer_ranges() -> Vec<String> {
    // ANCHOR: ranges
    vec![
        format!("u8    {} ..= {}", u8::MIN, u8::MAX),
        format!("i32   {} ..= {}", i32::MIN, i32::MAX),
        format!("u32   {} ..= {}", u32::MIN, u32::MAX),
        format!("i64   {} ..= {}", i64::MIN, i64::MAX),
        format!("usize {} ..= {}", usize::MIN, usize::MAX),
    ]
    // ANCHOR_END: ranges
}

/// Floats are IEEE 754: fast, and not exact for decimal fractions.
fn float_facts() -> (f64, bool, bool) {
    // ANCHOR: floats
    let sum = 0.1 + 0.2; // f64 unless told otherwise
    let exact = sum == 0.3;
    let close_enough = (sum - 0.3_f64).abs() < 1e-9;
    // ANCHOR_END: floats
    (sum, exact, close_enough)
}

/// A `char` is one Unicode scalar value; in a `String` it takes 1 to 4 bytes.
fn char_facts() -> Vec<String> {
    let mut lines = Vec::new();
    // ANCHOR: chars
    for c in ['a', 'é', '€', '🦀'] {
        lines.push(format!(
            "{c:?}: U+{:04X}, {} byte(s) as UTF-8, {} bytes as a char",
            c as u32,
            c.len_utf8(),
            std::mem::size_of_val(&c),
        ));
    }
    // ANCHOR_END: chars
    lines
}

fn main() {
    for line in integer_ranges() {
        println!("{line}");
    }
    let (sum, exact, close_enough) = float_facts();
    println!("0.1 + 0.2 = {sum}; == 0.3? {exact}; within 1e-9? {close_enough}");
    // ANCHOR: bool
    let pending = 17;
    let is_busy: bool = pending > 0;
    println!("busy: {is_busy}, as a number: {}", u8::from(is_busy));
    // ANCHOR_END: bool
    for line in char_facts() {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_limits_are_what_the_lesson_says() {
        assert_eq!(u8::MAX, 255);
        assert_eq!(i64::MAX, 9_223_372_036_854_775_807);
        assert_eq!(integer_ranges().len(), 5);
    }

    #[test]
    fn floats_need_a_tolerance() {
        let (_, exact, close_enough) = float_facts();
        assert!(!exact);
        assert!(close_enough);
    }

    #[test]
    fn a_char_is_always_four_bytes() {
        assert_eq!(std::mem::size_of::<char>(), 4);
        assert_eq!('🦀'.len_utf8(), 4);
        assert_eq!('a'.len_utf8(), 1);
        assert_eq!(char_facts().len(), 4);
    }
}
