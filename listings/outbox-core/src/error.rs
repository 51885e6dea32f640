//! The bridge's errors, sorted by what the relay should do about them.

/// Why publishing one message failed. The variant decides what happens next:
/// a transient failure is retried with backoff; a rejection is permanent and
/// dead-letters the message at once.
// ANCHOR: publish_error
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// The broker could not take the message now (connection lost, no
    /// confirm before the deadline, a nack): trying again may work.
    #[error("transient publish failure: {0}")]
    Transient(String),
    /// The broker or the bridge will never accept this message (too large,
    /// no route, malformed): retrying would only delay the messages behind it.
    #[error("message rejected: {0}")]
    Rejected(String),
}

impl PublishError {
    pub fn is_transient(&self) -> bool {
        matches!(self, PublishError::Transient(_))
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
        assert!(StoreError::Busy("database is locked".into()).is_retryable());
        assert!(!StoreError::Unusable("file is not a database".into()).is_retryable());
    }
}
