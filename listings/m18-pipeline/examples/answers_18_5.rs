//! Lesson 18.5, exercise 3: time per document, without a panic.
//!
//! `cargo run -p m18-pipeline --example answers_18_5`

use std::time::Duration;

// ANCHOR: per_document
/// `elapsed` shared out over `documents`. Never panics: `Duration::ZERO` for
/// no documents, exact integer division while the count fits in a `u32`
/// (what `Duration` divides by), floating-point division beyond.
fn time_per_document(elapsed: Duration, documents: usize) -> Duration {
    match u32::try_from(documents) {
        Ok(0) => Duration::ZERO,
        Ok(count) => elapsed / count,
        Err(_) => elapsed.div_f64(documents as f64),
    }
}
// ANCHOR_END: per_document

fn main() {
    let elapsed = Duration::from_secs(3);
    for documents in [0, 4, 3_000, 6_000_000_000] {
        // Whole nanoseconds with a space before the unit: the outputs check
        // leaves them as they are (it normalises `750ms`-style durations).
        let each = time_per_document(elapsed, documents).as_nanos();
        println!("{documents:>13} documents in 3 s: {each} ns each");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_documents_take_no_time_each() {
        assert_eq!(time_per_document(Duration::from_secs(1), 0), Duration::ZERO);
    }

    #[test]
    fn a_count_that_fits_divides_exactly() {
        assert_eq!(
            time_per_document(Duration::from_secs(3), 4),
            Duration::from_millis(750)
        );
    }

    #[test]
    fn a_count_beyond_u32_does_not_panic() {
        let each = time_per_document(Duration::from_secs(6), 6_000_000_000);
        assert_eq!(each, Duration::from_nanos(1));
    }
}
