//! The bridge's errors, sorted by what the relay should do about them.

/// Why publishing one message failed. The variant decides what happens next:
/// an outage costs the message nothing and pauses the relay; a transient
/// refusal is retried with backoff and counts an attempt; a rejection is
/// permanent and dead-letters the message at once.
// ANCHOR: publish_error
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// The broker is not there to ask (connection refused or lost, no
    /// confirm before the deadline, no stream listening): nothing is wrong
    /// with the message. It costs no attempt; the relay hands the batch back
    /// and pauses until the broker answers again.
    #[error("the broker is unavailable: {0}")]
    Unavailable(String),
    /// The broker answered and refused this message for now (a nack, an
    /// unroutable return): trying again may work, and counts an attempt.
    #[error("transient publish failure: {0}")]
    Transient(String),
    /// The broker or the bridge will never accept this message (too large,
    /// no route, malformed): retrying would only delay the messages behind it.
    #[error("message rejected: {0}")]
    Rejected(String),
}

impl PublishError {
    /// Whether trying the same message again may work.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            PublishError::Transient(_) | PublishError::Unavailable(_)
        )
    }

    /// Whether the failure says nothing about the message: the broker was
    /// unreachable or did not answer. Such a failure costs no attempt.
    pub fn is_outage(&self) -> bool {
        matches!(self, PublishError::Unavailable(_))
    }
}
// ANCHOR_END: publish_error

/// Why the outbox store could not do what the relay asked.
// ANCHOR: store_error
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database is locked or busy (SQLite's SQLITE_BUSY, a PostgreSQL
    /// lock timeout): the relay waits and tries again; nothing is lost.
    #[error("the outbox database is busy: {0}")]
    Busy(String),
    /// The database cannot be reached or the connection broke.
    #[error("the outbox database is unavailable: {0}")]
    Unavailable(String),
    /// The file or schema is not an outbox the bridge can use (corrupt file,
    /// not a database, missing permissions): an operator has to act.
    #[error("the outbox database cannot be used: {0}")]
    Unusable(String),
    /// Anything else the driver reported. The cause is the `source()`, not
    /// part of this message, so a chain printer (`{:#}`) shows it once.
    #[error("outbox database error")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Whether waiting and retrying the same call can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Busy(_) | StoreError::Unavailable(_))
    }
}
// ANCHOR_END: store_error

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_happened() {
        let e = PublishError::Rejected("no route to queue orders".into());
        assert_eq!(e.to_string(), "message rejected: no route to queue orders");
        assert!(!e.is_transient());
        let down = PublishError::Unavailable("connection refused".into());
        assert!(down.is_transient() && down.is_outage());
        assert!(!PublishError::Transient("nack".into()).is_outage());
        assert!(StoreError::Busy("database is locked".into()).is_retryable());
        assert!(!StoreError::Unusable("file is not a database".into()).is_retryable());
    }
}
