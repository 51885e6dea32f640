//! Lesson 05.3: the relay's error enum, derived with thiserror on top of the
//! capstone's own error types: `#[from]` for `?`, `#[source]` to keep a
//! cause, fields in the message, and `transparent` to pass an error through.

use outbox_core::{
    InvalidTransition, MessageId, MessageState, PublishError, StoreError, UnixMillis,
};
use std::error::Error;

// ANCHOR: relay_error
/// What ends one relay cycle early.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The store failed. Its message already says it all, so `transparent`
    /// forwards `Display` and `source()` to it; `#[from]` lets `?` convert.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A message was not in a state that allows the step: a bug, or a race
    /// with another relay. The fields go into the message.
    #[error("message {id} cannot move on")]
    State {
        id: MessageId,
        #[source]
        cause: InvalidTransition,
    },
    /// The publisher failed a whole batch; the first failure is the cause.
    #[error("the {publisher} publisher failed all {size} messages of the batch")]
    Batch {
        publisher: &'static str,
        size: usize,
        #[source]
        first: PublishError,
    },
}

impl RelayError {
    /// Whether the next cycle may succeed without anyone doing anything.
    pub fn is_retryable(&self) -> bool {
        match self {
            RelayError::Store(store) => store.is_retryable(),
            RelayError::State { .. } => false,
            RelayError::Batch { first, .. } => first.is_transient(),
        }
    }
}
// ANCHOR_END: relay_error

/// A stand-in for the store crate: what claiming returns, by scenario.
fn claim(scenario: &str) -> Result<Vec<MessageId>, StoreError> {
    match scenario {
        "locked" => Err(StoreError::Busy("database is locked".into())),
        "corrupt" => Err(StoreError::Unusable("file is not a database".into())),
        _ => Ok(vec![MessageId(7), MessageId(8)]),
    }
}

// ANCHOR: cycle
/// One relay cycle, cut down to its error handling.
fn cycle(scenario: &str) -> Result<usize, RelayError> {
    let ids = claim(scenario)?; // StoreError -> RelayError, by #[from]
    if scenario == "nacked" {
        return Err(RelayError::Batch {
            publisher: "rabbitmq",
            size: ids.len(),
            first: PublishError::Transient("broker sent a nack".into()),
        });
    }
    for &id in &ids {
        // A claimed message is in flight. In the "unclaimed" scenario it is
        // still pending, and the state machine refuses to mark it as sent.
        let state = if scenario == "unclaimed" {
            MessageState::new(UnixMillis(0))
        } else {
            MessageState::InFlight {
                attempts: 0,
                lease_until: UnixMillis(30_000),
            }
        };
        state
            .sent(UnixMillis(5))
            .map_err(|cause| RelayError::State { id, cause })?;
    }
    Ok(ids.len())
}
// ANCHOR_END: cycle

/// The error and its sources, outermost first.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    std::iter::successors(Some(error), |&link| link.source())
        .map(|link| link.to_string())
        .collect()
}

fn main() {
    for scenario in ["normal", "locked", "corrupt", "nacked", "unclaimed"] {
        match cycle(scenario) {
            Ok(sent) => println!("{scenario:<10} sent {sent}"),
            Err(error) => println!(
                "{scenario:<10} retryable={:<5} {:?}",
                error.is_retryable(),
                chain(&error)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_adds_no_link_to_the_chain() {
        let error = cycle("locked").expect_err("busy store");
        assert_eq!(
            chain(&error),
            ["the outbox database is busy: database is locked"]
        );
        assert!(matches!(error, RelayError::Store(StoreError::Busy(_))));
        assert!(error.is_retryable());
    }

    #[test]
    fn source_fields_become_the_next_link() {
        let error = cycle("unclaimed").expect_err("never claimed");
        assert_eq!(
            chain(&error),
            [
                "message outbox-7 cannot move on",
                "cannot mark as sent a message that is pending",
            ]
        );
        assert!(!error.is_retryable());
    }

    #[test]
    fn a_nacked_batch_is_retryable() {
        let error = cycle("nacked").expect_err("nack");
        assert!(error.is_retryable());
        assert_eq!(
            error.to_string(),
            "the rabbitmq publisher failed all 2 messages of the batch"
        );
    }
}
