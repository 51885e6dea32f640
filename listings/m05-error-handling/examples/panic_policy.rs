//! Lesson 05.4: when to panic. Bad input and failed I/O are `Err`s the
//! caller handles; a broken promise inside our own code is a bug, and a
//! panic with a message that names the broken promise is the honest answer.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Mutex;

// ANCHOR: input
/// The lane count comes from the operator's config: bad values are
/// expected, so they are an `Err` with a message the operator can act on.
fn parse_lanes(raw: &str) -> Result<NonZeroUsize, String> {
    let lanes: usize = raw
        .trim()
        .parse()
        .map_err(|_| format!("lanes must be a whole number, got {raw:?}"))?;
    NonZeroUsize::new(lanes).ok_or_else(|| "lanes must be at least 1".to_owned())
}
// ANCHOR_END: input

// ANCHOR: invariant
/// Internal helper: every caller in this crate passes a lane count that
/// `parse_lanes` checked, so zero here is a bug in our code, not bad input.
fn lane_for(sequence: u64, lanes: usize) -> usize {
    assert!(lanes > 0, "lane_for called with zero lanes");
    (sequence % lanes as u64) as usize
}

/// Better still: take the checked type, and there is nothing left to assert.
fn lane_for_checked(sequence: u64, lanes: NonZeroUsize) -> usize {
    (sequence % lanes.get() as u64) as usize
}
// ANCHOR_END: invariant

// ANCHOR: expect
/// Counters shared by the relay's threads.
#[derive(Debug, Default)]
struct Metrics {
    published: Mutex<BTreeMap<&'static str, u64>>,
}

impl Metrics {
    fn record(&self, topic: &'static str) {
        // `lock` fails only if another thread panicked while holding the
        // lock. That is already a bug, and the counters may be half-updated:
        // stopping here, with a message that says so, is right.
        let mut published = self
            .published
            .lock()
            .expect("metrics lock poisoned: a thread panicked while recording");
        *published.entry(topic).or_default() += 1;
    }
}
// ANCHOR_END: expect

fn main() {
    for raw in ["4", "0", "four"] {
        match parse_lanes(raw) {
            Ok(lanes) => println!(
                "lanes {lanes}: message 10 goes to lane {}",
                lane_for_checked(10, lanes)
            ),
            Err(message) => println!("config error: {message}"),
        }
    }
    println!("lane_for(10, 3) = {}", lane_for(10, 3));

    let metrics = Metrics::default();
    for topic in ["orders", "payments", "orders"] {
        metrics.record(topic);
    }
    println!("{:?}", metrics.published.lock().expect("not poisoned"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_config_is_an_error_not_a_panic() {
        assert_eq!(parse_lanes("0"), Err("lanes must be at least 1".to_owned()));
        assert!(parse_lanes("four").is_err());
        assert_eq!(parse_lanes(" 8 ").map(NonZeroUsize::get), Ok(8));
    }

    // ANCHOR: should_panic
    #[test]
    #[should_panic(expected = "zero lanes")]
    fn a_zero_lane_count_inside_the_crate_is_a_bug() {
        lane_for(10, 0);
    }
    // ANCHOR_END: should_panic

    #[test]
    fn both_lane_functions_agree() {
        let lanes = NonZeroUsize::new(3).expect("non-zero");
        for sequence in 0..10 {
            assert_eq!(lane_for(sequence, 3), lane_for_checked(sequence, lanes));
        }
    }
}
