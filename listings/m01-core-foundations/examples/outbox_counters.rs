//! Lesson 01.2: the numeric types the outbox bridge picks, and why.
//!
//! Run with `cargo run -p m01-core-foundations --example outbox_counters`.

// ANCHOR: types
/// An outbox row's id. The database assigns it in insertion order, so for one
/// aggregate a larger id means a later event. SQLite's `INTEGER PRIMARY KEY`
/// and PostgreSQL's `BIGINT` are both signed 64-bit, so the Rust side is `i64`.
type RowId = i64;

/// Failed delivery attempts so far. Small, never negative: `u32`.
type Attempts = u32;

/// Stop retrying and dead-letter the message after this many attempts.
const MAX_ATTEMPTS: Attempts = 5;

/// How many rows one poll claims. It sizes a `Vec`, so it is a `usize`.
const BATCH_SIZE: usize = 100;
// ANCHOR_END: types

// ANCHOR: attempts
/// Counts one more failed delivery. `saturating_add` means a message that
/// keeps failing sticks at `u32::MAX` instead of panicking or wrapping to 0.
fn record_failure(attempts: Attempts) -> Attempts {
    attempts.saturating_add(1)
}

/// True once a message has used up its retries.
fn should_dead_letter(attempts: Attempts) -> bool {
    attempts >= MAX_ATTEMPTS
}
// ANCHOR_END: attempts

// ANCHOR: limit
/// The SQL `LIMIT` parameter is an `i64`; the batch size is a `usize`.
/// `try_from` makes the conversion visible, and `unwrap_or` decides what a
/// value that does not fit means: a limit larger than any table, "no limit".
fn sql_limit(batch_size: usize) -> i64 {
    i64::try_from(batch_size).unwrap_or(i64::MAX)
}

/// The `attempts` column comes back from SQLite as an `i64`. Only a row the
/// bridge did not write can hold a value that does not fit in a `u32` (a
/// negative number, say); reading it as "every attempt used" dead-letters
/// that message instead of handing it a fresh set of retries.
fn attempts_from_column(raw: i64) -> Attempts {
    u32::try_from(raw).unwrap_or(u32::MAX)
}
// ANCHOR_END: limit

fn main() {
    println!("LIMIT {}", sql_limit(BATCH_SIZE));
    println!("LIMIT for usize::MAX rows: {}", sql_limit(usize::MAX));

    let id: RowId = 1_042;
    let mut attempts: Attempts = 0;
    while !should_dead_letter(attempts) {
        attempts = record_failure(attempts);
        println!("row {id}: attempt {attempts} failed");
    }
    println!("row {id}: dead-letter after {attempts} attempts");
    println!("a stuck counter stays at {}", record_failure(u32::MAX));

    for raw in [3, -1] {
        println!(
            "attempts column {raw} reads as {}",
            attempts_from_column(raw)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_saturate_instead_of_wrapping() {
        assert_eq!(record_failure(0), 1);
        assert_eq!(record_failure(u32::MAX), u32::MAX);
    }

    #[test]
    fn dead_letter_at_the_limit() {
        assert!(!should_dead_letter(MAX_ATTEMPTS - 1));
        assert!(should_dead_letter(MAX_ATTEMPTS));
    }

    #[test]
    fn batch_size_converts_to_a_sql_limit() {
        assert_eq!(sql_limit(BATCH_SIZE), 100);
        assert_eq!(sql_limit(usize::MAX), i64::MAX);
    }

    #[test]
    fn a_column_value_out_of_range_reads_as_used_up() {
        assert_eq!(attempts_from_column(3), 3);
        assert_eq!(attempts_from_column(-1), u32::MAX);
        assert!(should_dead_letter(attempts_from_column(i64::MAX)));
    }
}
