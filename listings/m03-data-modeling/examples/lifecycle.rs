//! Lesson 03.3: the bridge's `MessageState`, driven through two messages'
//! lives. Every transition is a method from outbox-core's `state.rs`.

use outbox_core::{
    Backoff, Failure, InvalidTransition, MessageState, PublishError, RetryPolicy, UnixMillis,
};
use std::time::Duration;

// ANCHOR: describe
/// One line for an operator's dashboard. Each arm takes only the fields it
/// needs; literals, guards and `..` pick the right wording.
fn describe(state: &MessageState, now: UnixMillis) -> String {
    match state {
        MessageState::Pending { attempts: 0, .. } => "new, waiting for a relay".to_string(),
        MessageState::Pending {
            attempts,
            available_at,
        } if *available_at > now => {
            format!("retry {attempts} due in {} ms", available_at.0 - now.0)
        }
        MessageState::Pending { attempts, .. } => format!("retry {attempts} due now"),
        MessageState::InFlight { lease_until, .. } => {
            format!("publishing, lease until t={}", lease_until.0)
        }
        MessageState::Sent { attempts: 0, .. } => "sent on the first try".to_string(),
        MessageState::Sent { attempts, .. } => format!("sent after {attempts} failure(s)"),
        MessageState::DeadLettered { reason, .. } => format!("dead-lettered: {reason}"),
    }
}
// ANCHOR_END: describe

// ANCHOR: one_pattern
/// `matches!`: a yes-or-no question about a value's shape.
fn is_settled(state: &MessageState) -> bool {
    matches!(
        state,
        MessageState::Sent { .. } | MessageState::DeadLettered { .. }
    )
}

/// `let … else`: bind the fields of one variant, or leave early.
fn lease_left(state: &MessageState, now: UnixMillis) -> Option<i64> {
    let MessageState::InFlight { lease_until, .. } = state else {
        return None;
    };
    Some((lease_until.0 - now.0).max(0))
}
// ANCHOR_END: one_pattern

/// Retries after 100, 200, 400 ms; the third failure dead-letters.
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

fn show(label: &str, state: &MessageState, now: UnixMillis) {
    println!(
        "t={:<5} {label:<10} {:<10} {}",
        now.0,
        state.name(),
        describe(state, now)
    );
}

// ANCHOR: main
fn main() -> Result<(), InvalidTransition> {
    let policy = policy();
    let lease = Duration::from_secs(30);
    let timeout = PublishError::Transient("no confirm before the deadline".to_string());
    let t0 = UnixMillis(1_000);

    // Message 1: fails once, waits out its backoff, then goes through.
    let mut state = MessageState::new(t0);
    show("enqueued", &state, t0);
    state = state.claim(t0, t0.after(lease))?;
    show("claimed", &state, t0);
    println!("        lease left: {:?}", lease_left(&state, t0));
    let failure = Failure {
        error: &timeout,
        policy: &policy,
        now: t0,
        random: 0.0,
    };
    state = state.failed(&failure)?;
    show("failed", &state, t0);

    // Too early: the transition refuses, and hands back an error value.
    if let Err(refused) = state.clone().claim(t0, t0.after(lease)) {
        println!("        {refused}");
    }
    let t1 = UnixMillis(1_100);
    state = state.claim(t1, t1.after(lease))?.sent(t1)?;
    show("confirmed", &state, t1);
    println!("        settled: {}", is_settled(&state));

    // Message 2: the broker rejects it for good; an operator re-drives it.
    let too_large = PublishError::Rejected("message size exceeds 1 MiB".to_string());
    let rejected = Failure {
        error: &too_large,
        ..failure
    };
    let dead = MessageState::new(t0)
        .claim(t0, t0.after(lease))?
        .failed(&rejected)?;
    show("rejected", &dead, t0);
    if let MessageState::DeadLettered { attempts, .. } = &dead {
        println!("        gave up after {attempts} attempt(s)");
    }
    show("re-driven", &dead.redrive(t1)?, t1);
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_line_follows_the_state() {
        let t = UnixMillis(500);
        assert_eq!(
            describe(&MessageState::new(t), t),
            "new, waiting for a relay"
        );
        let retry = MessageState::Pending {
            attempts: 2,
            available_at: UnixMillis(800),
        };
        assert_eq!(describe(&retry, t), "retry 2 due in 300 ms");
        assert_eq!(describe(&retry, UnixMillis(900)), "retry 2 due now");
    }

    #[test]
    fn only_in_flight_messages_have_a_lease() {
        let t = UnixMillis(0);
        assert_eq!(lease_left(&MessageState::new(t), t), None);
        let claimed = MessageState::new(t)
            .claim(t, UnixMillis(30))
            .expect("a new message is claimable at once");
        assert_eq!(lease_left(&claimed, UnixMillis(10)), Some(20));
        assert_eq!(lease_left(&claimed, UnixMillis(99)), Some(0));
        assert!(!is_settled(&claimed));
    }

    #[test]
    fn sent_is_final() {
        let t = UnixMillis(0);
        let sent = MessageState::Sent {
            attempts: 0,
            sent_at: t,
        };
        assert!(is_settled(&sent));
        let err = sent
            .release(t)
            .expect_err("a sent message cannot be released");
        assert_eq!(err.to_string(), "cannot release a message that is sent");
    }
}
