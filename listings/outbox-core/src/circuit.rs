//! Waiting out a broker outage without spending anyone's attempts.

use crate::backoff::Backoff;
use std::time::Duration;

/// A circuit breaker for the broker. While the broker answers it is closed
/// and the relay publishes batch after batch. A batch that meets an outage
/// ([`crate::PublishError::Unavailable`]) opens it: the relay hands the
/// batch back and waits before claiming again, longer after each batch that
/// finds the broker still down, so a long outage costs one probing batch per
/// `backoff.max` instead of a failed batch every few milliseconds. The first
/// batch that gets through closes it again.
///
/// The waits are not retries of any message: no attempt is counted, so an
/// outage of any length dead-letters nothing.
// ANCHOR: breaker
#[derive(Debug, Clone)]
pub struct Breaker {
    backoff: Backoff,
    /// Batches in a row that met an outage; 0 while closed.
    outages: u32,
}

impl Breaker {
    pub fn new(backoff: Backoff) -> Self {
        Self {
            backoff,
            outages: 0,
        }
    }

    /// Records how a batch went and returns how long to wait before the next
    /// claim: `Some` while the broker is down. An empty batch says nothing
    /// about the broker, so it leaves the breaker as it was.
    pub fn observe(&mut self, outage: bool, published: usize, random: f64) -> Option<Duration> {
        if outage {
            self.outages = self.outages.saturating_add(1);
            Some(self.backoff.delay(self.outages, random))
        } else {
            if published > 0 {
                self.outages = 0;
            }
            None
        }
    }

    /// Whether the last batch that reached the broker met an outage.
    pub fn is_open(&self) -> bool {
        self.outages > 0
    }
}
// ANCHOR_END: breaker

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> Breaker {
        Breaker::new(Backoff {
            base: Duration::from_secs(1),
            factor: 2,
            max: Duration::from_secs(5),
            jitter: 0.0,
        })
    }

    #[test]
    fn an_outage_opens_it_and_the_waits_grow_to_the_cap() {
        let mut b = breaker();
        assert_eq!(b.observe(false, 10, 0.0), None);
        let waits: Vec<_> = (0..5).filter_map(|_| b.observe(true, 10, 0.0)).collect();
        assert_eq!(
            waits.iter().map(Duration::as_secs).collect::<Vec<_>>(),
            [1, 2, 4, 5, 5]
        );
        assert!(b.is_open());
    }

    #[test]
    fn only_a_batch_that_gets_through_closes_it() {
        let mut b = breaker();
        b.observe(true, 10, 0.0);
        assert_eq!(
            b.observe(false, 0, 0.0),
            None,
            "nothing claimed: no verdict"
        );
        assert!(b.is_open());
        assert_eq!(b.observe(true, 10, 0.0), Some(Duration::from_secs(2)));
        b.observe(false, 3, 0.0);
        assert!(!b.is_open());
        assert_eq!(b.observe(true, 10, 0.0), Some(Duration::from_secs(1)));
    }
}
