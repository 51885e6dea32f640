//! When to try again: exponential backoff with jitter, and when to give up.

use std::time::Duration;

/// Exponential backoff: `base · factorⁿ`, capped at `max`, then shortened by
/// a random share of up to `jitter` so that many relays retrying after the
/// same outage do not all hit the broker at the same instant.
// ANCHOR: backoff
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    pub base: Duration,
    pub factor: u32,
    pub max: Duration,
    /// Share of the delay that is random, from 0.0 (none) to 1.0 ("full jitter").
    pub jitter: f64,
}

impl Backoff {
    /// The delay before retry number `attempt` (1 for the first retry).
    ///
    /// `random` is a number in `[0, 1)`: the caller supplies it, so this
    /// function stays pure and tests can pin it.
    pub fn delay(&self, attempt: u32, random: f64) -> Duration {
        let exponent = attempt.saturating_sub(1);
        let growth = self.factor.max(1).saturating_pow(exponent);
        let uncapped = self.base.saturating_mul(growth);
        let capped = uncapped.min(self.max);
        let jitter = self.jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0);
        capped.mul_f64(1.0 - jitter)
    }
}
// ANCHOR_END: backoff

// ANCHOR: backoff_default
impl Default for Backoff {
    /// 500 ms, 1 s, 2 s, … up to one minute, with up to 20% jitter.
    fn default() -> Self {
        Self {
            base: Duration::from_millis(500),
            factor: 2,
            max: Duration::from_secs(60),
            jitter: 0.2,
        }
    }
}
// ANCHOR_END: backoff_default

// ANCHOR: retry_policy
/// How many times a message may fail before it is dead-lettered, and how
/// long to wait between attempts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub backoff: Backoff,
    /// A message is dead-lettered when its failed attempts reach this number.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            backoff: Backoff::default(),
            max_attempts: 10,
        }
    }
}
// ANCHOR_END: retry_policy

#[cfg(test)]
mod tests {
    use super::*;

    fn no_jitter() -> Backoff {
        Backoff {
            base: Duration::from_millis(100),
            factor: 2,
            max: Duration::from_secs(1),
            jitter: 0.0,
        }
    }

    #[test]
    fn delays_double_until_the_cap() {
        let b = no_jitter();
        let delays: Vec<u128> = (1..=6).map(|n| b.delay(n, 0.5).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn jitter_only_ever_shortens_the_delay() {
        let b = Backoff {
            jitter: 0.5,
            ..no_jitter()
        };
        assert_eq!(b.delay(3, 0.0), Duration::from_millis(400));
        assert_eq!(b.delay(3, 0.5), Duration::from_millis(300));
        assert!(b.delay(3, 0.999) > Duration::from_millis(200));
    }

    #[test]
    fn huge_attempt_numbers_do_not_overflow() {
        assert_eq!(no_jitter().delay(u32::MAX, 0.0), Duration::from_secs(1));
    }
}
