//! Lesson 01.2: what happens at the edge of an integer type, and how to
//! choose the behaviour yourself.
//!
//! Run with `cargo run -p m01-core-foundations --example integer_overflow`.

/// Every explicit flavour of `u8` addition, for one pair of operands.
fn add_four_ways(a: u8, b: u8) -> String {
    // ANCHOR: four_ways
    let checked = a.checked_add(b); // Option<u8>: None on overflow
    let wrapping = a.wrapping_add(b); // wraps around modulo 256
    let saturating = a.saturating_add(b); // sticks at u8::MAX
    let overflowing = a.overflowing_add(b); // (wrapped value, did it overflow?)
    // ANCHOR_END: four_ways
    let checked = format!("{checked:?}");
    format!(
        "{a} + {b}: checked {checked:<9} wrapping {wrapping:<3} \
         saturating {saturating:<3} overflowing {overflowing:?}"
    )
}

fn main() {
    for (a, b) in [(200, 55), (200, 56), (250, 10)] {
        println!("{}", add_four_ways(a, b));
    }
    // ANCHOR: sub
    let in_flight: u32 = 0;
    println!("0_u32.checked_sub(1)    = {:?}", in_flight.checked_sub(1));
    println!("0_u32.saturating_sub(1) = {}", in_flight.saturating_sub(1));
    println!("0_u32.wrapping_sub(1)   = {}", in_flight.wrapping_sub(1));
    // ANCHOR_END: sub
}

#[cfg(test)]
mod tests {
    use std::hint::black_box;

    // ANCHOR: debug_panic
    #[test]
    #[cfg(debug_assertions)] // overflow checks are on in debug builds only
    #[should_panic(expected = "attempt to add with overflow")]
    fn plain_addition_panics_on_overflow_in_debug_builds() {
        let attempts: u8 = black_box(255); // black_box: hide the value from the optimiser
        let next = attempts + 1;
        println!("never printed: {next}");
    }

    #[test]
    #[cfg(not(debug_assertions))] // `cargo test --release`
    fn plain_addition_wraps_in_release_builds() {
        let attempts: u8 = black_box(255);
        assert_eq!(attempts + 1, 0);
    }
    // ANCHOR_END: debug_panic

    #[test]
    fn explicit_methods_behave_the_same_in_every_build() {
        assert_eq!(200_u8.checked_add(56), None);
        assert_eq!(200_u8.wrapping_add(56), 0);
        assert_eq!(200_u8.saturating_add(56), 255);
        assert_eq!(200_u8.overflowing_add(56), (0, true));
        assert_eq!(
            super::add_four_ways(1, 2).len(),
            super::add_four_ways(3, 4).len()
        );
    }
}
