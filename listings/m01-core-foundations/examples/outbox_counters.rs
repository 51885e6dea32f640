//! Lesson 01.2: the numeric types the outbox bridge picks, and why.
//!
//! Run with `cargo run -p m01-core-foundations --example outbox_counters`.

use std::num::TryFromIntError;

// ANCHOR: types
/// Row id and per-aggregate sequence number. SQLite's INTEGER and
/// PostgreSQL's BIGINT are both signed 64-bit, so the Rust side is `i64`.
type Sequence = i64;

/// Delivery attempts so far. Small, never negative: `u32`.
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
/// `try_from` says out loud that this conversion could, in theory, fail.
fn sql_limit(batch_size: usize) -> Result<i64, TryFromIntError> {
    i64::try_from(batch_size)
}
// ANCHOR_END: limit

/// The sequence number the next event of an aggregate gets.
fn next_sequence(last: Sequence) -> Option<Sequence> {
    last.checked_add(1)
}

fn main() -> Result<(), TryFromIntError> {
    println!("LIMIT {}", sql_limit(BATCH_SIZE)?);

    let mut attempts: Attempts = 0;
    while !should_dead_letter(attempts) {
        attempts = record_failure(attempts);
        println!("attempt {attempts} failed");
    }
    println!("dead-letter after {attempts} attempts");
    println!("a stuck counter stays at {}", record_failure(u32::MAX));

    println!("after seq 41 comes {:?}", next_sequence(41));
    println!("after seq i64::MAX comes {:?}", next_sequence(i64::MAX));
    Ok(())
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
        assert_eq!(sql_limit(BATCH_SIZE), Ok(100));
        assert!(sql_limit(usize::MAX).is_err());
    }

    #[test]
    fn sequences_never_wrap() {
        assert_eq!(next_sequence(41), Some(42));
        assert_eq!(next_sequence(i64::MAX), None);
    }
}
