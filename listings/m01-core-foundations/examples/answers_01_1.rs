//! Answers to the "Try it" exercises of lesson 01.1.
//!
//! Run with `cargo run -p m01-core-foundations --example answers_01_1`.
//! Exercises 1 and 3 are compile errors: their answers are the programs in
//! `compile_fail/polls_without_mut.rs` and `compile_fail/block_value_semicolon.rs`.

// ANCHOR: answer2
/// `scopes` from `shadowing.rs` after both edits: the outer binding is
/// `let mut`, and the inner line assigns to it instead of shadowing it.
mod answer2 {
    #[allow(clippy::assign_op_pattern)] // the exercise's own line, kept as written
    pub(crate) fn scopes_with_assignment() -> Vec<String> {
        let mut seen = Vec::new();
        let mut limit = 100;
        seen.push(format!("outer: limit = {limit}"));
        {
            limit = limit * 2; // no `let`: this writes to the outer `limit`
            seen.push(format!("inner: limit = {limit}"));
        }
        seen.push(format!("outer again: limit = {limit}"));
        seen
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
/// `unused_bindings.rs` with `_batch` renamed to `_`: both fresh leases are
/// dropped at the end of their own `let` statement.
mod answer4 {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static LIVE_LEASES: AtomicUsize = AtomicUsize::new(0);

    pub(crate) struct Lease(&'static str);

    impl Lease {
        pub(crate) fn take(name: &'static str) -> Lease {
            LIVE_LEASES.fetch_add(1, Ordering::SeqCst);
            println!("took {name}");
            Lease(name)
        }
    }

    impl Drop for Lease {
        fn drop(&mut self) {
            LIVE_LEASES.fetch_sub(1, Ordering::SeqCst);
            println!("released {}", self.0);
        }
    }

    pub(crate) fn live_leases() -> usize {
        LIVE_LEASES.load(Ordering::SeqCst)
    }

    /// The edited lines of `main`; returns the count it prints.
    pub(crate) fn both_underscore() -> usize {
        let _ = Lease::take("batch 7"); // was `_batch`: now dropped right here
        let _ = Lease::take("batch 8");
        let held = live_leases();
        println!("leases held while working: {held}");
        held
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// `batch_size_from` from `config_shadowing.rs`, unchanged, and the two new
/// inputs it must refuse.
mod answer5 {
    pub(crate) const DEFAULT_BATCH_SIZE: &str = "500";
    pub(crate) const MAX_BATCH_SIZE: usize = 10_000;

    pub(crate) fn batch_size_from(raw: Option<&str>) -> Result<usize, String> {
        let batch_size = raw.unwrap_or(DEFAULT_BATCH_SIZE);
        let batch_size: usize = batch_size
            .trim()
            .parse()
            .map_err(|error| format!("OUTBOX_BATCH_SIZE {batch_size:?}: {error}"))?;
        if batch_size == 0 || batch_size > MAX_BATCH_SIZE {
            return Err(format!(
                "OUTBOX_BATCH_SIZE must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}"
            ));
        }
        Ok(batch_size)
    }

    pub(crate) fn report(raw: Option<&str>) -> String {
        let label = format!("{raw:?}");
        match batch_size_from(raw) {
            Ok(size) => format!("{label:<14} -> batch size {size}"),
            Err(error) => format!("{label:<14} -> refuse to start: {error}"),
        }
    }
}
// ANCHOR_END: answer5

fn main() {
    println!("answer 2:");
    for line in answer2::scopes_with_assignment() {
        println!("  {line}");
    }
    println!("answer 4:");
    answer4::both_underscore();
    println!("answer 5:");
    for raw in [Some("0x40"), Some("")] {
        println!("  {}", answer5::report(raw));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer2_assignment_changes_the_outer_binding() {
        assert_eq!(
            answer2::scopes_with_assignment(),
            [
                "outer: limit = 100",
                "inner: limit = 200",
                "outer again: limit = 200"
            ]
        );
    }

    #[test]
    fn answer4_underscore_keeps_neither_lease() {
        assert_eq!(answer4::both_underscore(), 0);
        assert_eq!(answer4::live_leases(), 0);
    }

    // ANCHOR: answer5_test
    #[test]
    fn answer5_hex_and_empty_values_refuse_to_start_differently() {
        let hex = answer5::batch_size_from(Some("0x40")).expect_err("not decimal");
        let empty = answer5::batch_size_from(Some("")).expect_err("empty");
        assert_eq!(
            hex,
            "OUTBOX_BATCH_SIZE \"0x40\": invalid digit found in string"
        );
        assert_eq!(
            empty,
            "OUTBOX_BATCH_SIZE \"\": cannot parse integer from empty string"
        );
    }
    // ANCHOR_END: answer5_test
}
