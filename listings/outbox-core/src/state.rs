//! The life of an outbox message as a state machine the compiler checks.
//!
//! The stores keep these states in a table column; this module decides every
//! transition, so SQLite, PostgreSQL and the tests all follow one set of rules.

use crate::backoff::RetryPolicy;
use crate::error::PublishError;
use crate::message::UnixMillis;

/// Where a message is in its life.
// ANCHOR: state
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageState {
    /// Waiting to be published, not before `available_at` (a retry's backoff).
    Pending {
        attempts: u32,
        available_at: UnixMillis,
    },
    /// Claimed by a relay until `lease_until`; if that relay dies, the lease
    /// runs out and the message is claimable again: nothing is lost.
    InFlight {
        attempts: u32,
        lease_until: UnixMillis,
    },
    /// Confirmed by the broker. Kept until the retention period ends.
    Sent { attempts: u32, sent_at: UnixMillis },
    /// Gave up: an operator can list it and re-drive it.
    DeadLettered { attempts: u32, reason: String },
}
// ANCHOR_END: state

/// A publish failure together with what the relay knows when it happens.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure<'a> {
    pub error: &'a PublishError,
    pub policy: &'a RetryPolicy,
    pub now: UnixMillis,
    /// A number in `[0, 1)` for the backoff's jitter.
    pub random: f64,
}

/// A transition that the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action} a message that is {state}")]
pub struct InvalidTransition {
    pub action: &'static str,
    pub state: &'static str,
}

// ANCHOR: transitions
impl MessageState {
    /// A freshly enqueued message.
    pub fn new(now: UnixMillis) -> Self {
        MessageState::Pending {
            attempts: 0,
            available_at: now,
        }
    }

    /// A relay takes the message until `lease_until`.
    pub fn claim(
        self,
        now: UnixMillis,
        lease_until: UnixMillis,
    ) -> Result<Self, InvalidTransition> {
        match self {
            MessageState::Pending {
                attempts,
                available_at,
            } if available_at <= now => Ok(MessageState::InFlight {
                attempts,
                lease_until,
            }),
            // An expired lease means its relay is gone: the message is fair game.
            MessageState::InFlight {
                attempts,
                lease_until: old,
            } if old <= now => Ok(MessageState::InFlight {
                attempts,
                lease_until,
            }),
            other => Err(other.refuse("claim")),
        }
    }

    /// The broker confirmed the message.
    pub fn sent(self, now: UnixMillis) -> Result<Self, InvalidTransition> {
        match self {
            MessageState::InFlight { attempts, .. } => Ok(MessageState::Sent {
                attempts,
                sent_at: now,
            }),
            other => Err(other.refuse("mark as sent")),
        }
    }

    /// Publishing failed: retry after a backoff, or dead-letter the message
    /// when the error is permanent or the attempts are used up.
    pub fn failed(self, failure: &Failure<'_>) -> Result<Self, InvalidTransition> {
        match self {
            MessageState::InFlight { attempts, .. } => Ok(Self::after_failure(attempts, failure)),
            other => Err(other.refuse("fail")),
        }
    }

    /// The state after a failed attempt of an in-flight message that had
    /// failed `attempts` times before.
    pub fn after_failure(attempts: u32, failure: &Failure<'_>) -> Self {
        let tried = attempts.saturating_add(1);
        match failure.error {
            // The broker was down: the message was never judged, so the
            // attempt does not count and it may go again at once (the relay
            // itself waits for the broker to come back).
            PublishError::Unavailable(_) => MessageState::Pending {
                attempts,
                available_at: failure.now,
            },
            PublishError::Rejected(reason) => MessageState::DeadLettered {
                attempts: tried,
                reason: reason.clone(),
            },
            PublishError::Transient(reason) if tried >= failure.policy.max_attempts => {
                MessageState::DeadLettered {
                    attempts: tried,
                    reason: format!("gave up after {tried} attempts: {reason}"),
                }
            }
            PublishError::Transient(_) => {
                let delay = failure.policy.backoff.delay(tried, failure.random);
                MessageState::Pending {
                    attempts: tried,
                    available_at: failure.now.after(delay),
                }
            }
        }
    }

    /// The relay gives an unpublished message back (shutdown, or a message
    /// held back to keep its aggregate's order): no attempt is counted.
    pub fn release(self, now: UnixMillis) -> Result<Self, InvalidTransition> {
        match self {
            MessageState::InFlight { attempts, .. } => Ok(MessageState::Pending {
                attempts,
                available_at: now,
            }),
            other => Err(other.refuse("release")),
        }
    }

    /// An operator sends a dead-lettered message through again, with a fresh
    /// attempt budget.
    pub fn redrive(self, now: UnixMillis) -> Result<Self, InvalidTransition> {
        match self {
            MessageState::DeadLettered { .. } => Ok(MessageState::new(now)),
            other => Err(other.refuse("re-drive")),
        }
    }

    /// The name stores keep in their `state` column.
    pub fn name(&self) -> &'static str {
        match self {
            MessageState::Pending { .. } => "pending",
            MessageState::InFlight { .. } => "in_flight",
            MessageState::Sent { .. } => "sent",
            MessageState::DeadLettered { .. } => "dead",
        }
    }

    fn refuse(&self, action: &'static str) -> InvalidTransition {
        InvalidTransition {
            action,
            state: self.name(),
        }
    }
}
// ANCHOR_END: transitions

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backoff::Backoff;
    use std::time::Duration;

    const T0: UnixMillis = UnixMillis(1_000_000);

    fn policy() -> RetryPolicy {
        RetryPolicy {
            backoff: Backoff {
                base: Duration::from_millis(100),
                factor: 2,
                max: Duration::from_secs(10),
                jitter: 0.0,
            },
            max_attempts: 3,
        }
    }

    fn in_flight(attempts: u32) -> MessageState {
        MessageState::InFlight {
            attempts,
            lease_until: T0.after(Duration::from_secs(30)),
        }
    }

    fn fail(state: MessageState, error: PublishError) -> MessageState {
        let policy = policy();
        let failure = Failure {
            error: &error,
            policy: &policy,
            now: T0,
            random: 0.0,
        };
        state.failed(&failure).expect("in-flight messages can fail")
    }

    #[test]
    fn a_message_is_claimed_published_and_sent() {
        let lease = T0.after(Duration::from_secs(30));
        let state = MessageState::new(T0).claim(T0, lease).expect("claim");
        assert_eq!(
            state,
            MessageState::InFlight {
                attempts: 0,
                lease_until: lease
            }
        );
        assert_eq!(state.sent(T0).expect("sent").name(), "sent");
    }

    #[test]
    fn transient_failures_back_off_exponentially() {
        let first = fail(
            in_flight(0),
            PublishError::Transient("connection reset".into()),
        );
        assert_eq!(
            first,
            MessageState::Pending {
                attempts: 1,
                available_at: UnixMillis(1_000_100)
            }
        );
        let second = fail(in_flight(1), PublishError::Transient("timeout".into()));
        assert_eq!(
            second,
            MessageState::Pending {
                attempts: 2,
                available_at: UnixMillis(1_000_200)
            }
        );
    }

    #[test]
    fn an_outage_costs_no_attempt() {
        let state = fail(
            in_flight(2),
            PublishError::Unavailable("connection refused".into()),
        );
        assert_eq!(
            state,
            MessageState::Pending {
                attempts: 2,
                available_at: T0
            }
        );
    }

    #[test]
    fn the_last_allowed_failure_dead_letters() {
        let state = fail(in_flight(2), PublishError::Transient("timeout".into()));
        assert_eq!(
            state,
            MessageState::DeadLettered {
                attempts: 3,
                reason: "gave up after 3 attempts: timeout".into()
            }
        );
    }

    #[test]
    fn a_rejection_dead_letters_at_once() {
        let state = fail(
            in_flight(0),
            PublishError::Rejected("payload too large".into()),
        );
        assert_eq!(
            state,
            MessageState::DeadLettered {
                attempts: 1,
                reason: "payload too large".into()
            }
        );
    }

    #[test]
    fn backoff_and_leases_are_respected() {
        let later = MessageState::Pending {
            attempts: 1,
            available_at: T0.after(Duration::from_secs(1)),
        };
        let err = later.claim(T0, T0).expect_err("not yet available");
        assert_eq!(err.to_string(), "cannot claim a message that is pending");
        let expired = MessageState::InFlight {
            attempts: 0,
            lease_until: T0,
        };
        assert!(expired.claim(T0, T0.after(Duration::from_secs(30))).is_ok());
        assert!(
            in_flight(0).claim(T0, T0).is_err(),
            "a live lease keeps others out"
        );
    }

    #[test]
    fn only_dead_letters_can_be_redriven() {
        let dead = MessageState::DeadLettered {
            attempts: 3,
            reason: "x".into(),
        };
        assert_eq!(dead.redrive(T0), Ok(MessageState::new(T0)));
        let sent = MessageState::Sent {
            attempts: 0,
            sent_at: T0,
        };
        assert_eq!(
            sent.redrive(T0).expect_err("sent").to_string(),
            "cannot re-drive a message that is sent"
        );
    }

    #[test]
    fn releasing_counts_no_attempt() {
        assert_eq!(
            in_flight(2).release(T0),
            Ok(MessageState::Pending {
                attempts: 2,
                available_at: T0
            })
        );
    }
}
