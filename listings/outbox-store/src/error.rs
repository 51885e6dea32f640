//! Driver errors sorted into the bridge's [`StoreError`] kinds, so the relay
//! knows whether to wait and retry or to stop and tell an operator.

use outbox_core::StoreError;

// ANCHOR: classify
/// SQLite primary result codes (the low byte of an extended code).
const SQLITE_PERM: i64 = 3;
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_READONLY: i64 = 8;
const SQLITE_IOERR: i64 = 10;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

/// Classifies an error from the SQLite driver.
pub fn from_sqlite(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        let code = db.code().and_then(|c| c.parse::<i64>().ok()).unwrap_or(-1);
        let message = db.message().to_owned();
        return match code & 0xff {
            SQLITE_BUSY | SQLITE_LOCKED => StoreError::Busy(message),
            SQLITE_CORRUPT | SQLITE_NOTADB | SQLITE_CANTOPEN | SQLITE_READONLY | SQLITE_PERM
            | SQLITE_FULL => StoreError::Unusable(message),
            SQLITE_IOERR => StoreError::Unavailable(message),
            _ => StoreError::Other(Box::new(error)),
        };
    }
    common(error)
}

/// Classifies an error from the PostgreSQL driver by SQLSTATE.
pub fn from_postgres(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        let message = format!("{} (SQLSTATE {code})", db.message());
        return match code.as_str() {
            // serialization failure, deadlock, lock not available, query cancelled by timeout
            "40001" | "40P01" | "55P03" | "57014" => StoreError::Busy(message),
            // connection exceptions, shutdowns, too many connections
            c if c.starts_with("08") || c.starts_with("57P") || c == "53300" => {
                StoreError::Unavailable(message)
            }
            // undefined table / insufficient privilege: the schema or grants are wrong
            "42P01" | "42501" => StoreError::Unusable(message),
            _ => StoreError::Other(Box::new(error)),
        };
    }
    common(error)
}

fn common(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Io(e) => StoreError::Unavailable(e.to_string()),
        sqlx::Error::PoolTimedOut => {
            StoreError::Unavailable("timed out waiting for a database connection".into())
        }
        sqlx::Error::PoolClosed => StoreError::Unavailable("the connection pool is closed".into()),
        sqlx::Error::Tls(e) => StoreError::Unavailable(format!("TLS: {e}")),
        sqlx::Error::Configuration(e) => StoreError::Unusable(format!("bad database URL: {e}")),
        sqlx::Error::Migrate(e) => {
            StoreError::Unusable(format!("migrating the outbox schema: {e}"))
        }
        other => StoreError::Other(Box::new(other)),
    }
}
// ANCHOR_END: classify

/// A URL without its secrets, for messages and logs (see
/// [`outbox_core::redact_url`]).
pub use outbox_core::redact_url as redact;
