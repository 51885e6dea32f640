//! Lesson 05.2: an error type designed by hand for the outbox store. Its
//! variants follow what the relay does next; it implements `Display` and
//! `Error` (with `source()`); `From` lets `?` convert the driver's errors; and
//! the driver's own type never appears in the store's API.

use std::error::Error;
use std::fmt;

/// Stands in for a database driver (think rusqlite or sqlx): a foreign error
/// type, and two calls whose outcome depends on the path, so every failure
/// can be shown without a database.
mod driver {
    use std::fmt;

    #[derive(Debug)]
    pub(crate) struct DriverError {
        pub(crate) code: i32,
        pub(crate) message: &'static str,
    }

    // SQLite's result codes for the failures simulated here.
    pub(crate) const BUSY: i32 = 5;
    pub(crate) const CANTOPEN: i32 = 14;
    pub(crate) const NOTADB: i32 = 26;

    impl fmt::Display for DriverError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "sqlite error {}: {}", self.code, self.message)
        }
    }

    impl std::error::Error for DriverError {}

    fn fail(code: i32, message: &'static str) -> DriverError {
        DriverError { code, message }
    }

    pub(crate) fn open(path: &str) -> Result<(), DriverError> {
        if path.starts_with("/mnt/") {
            Err(fail(CANTOPEN, "unable to open database file"))
        } else if path.ends_with(".txt") {
            Err(fail(NOTADB, "file is not a database"))
        } else {
            Ok(())
        }
    }

    pub(crate) fn pending_ids(path: &str) -> Result<Vec<i64>, DriverError> {
        if path.contains("busy") {
            Err(fail(BUSY, "database is locked"))
        } else {
            Ok(vec![41, 42, 43])
        }
    }
}

/// Any error from below, boxed: callers see `dyn Error`, never the driver's type.
type BoxError = Box<dyn Error + Send + Sync + 'static>;

// ANCHOR: enum
/// Why the outbox store could not do what the relay asked.
/// There is one variant for each thing the relay does next.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// Another writer holds the lock: retry the same call soon.
    Busy,
    /// The database cannot be reached now: retry with backoff.
    Unavailable(BoxError),
    /// The file is not an outbox the bridge can use: retrying cannot help,
    /// an operator must act.
    Unusable { path: String, source: BoxError },
}

impl StoreError {
    /// Whether waiting and calling again can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Busy | StoreError::Unavailable(_))
    }
}
// ANCHOR_END: enum

// ANCHOR: display
impl fmt::Display for StoreError {
    /// One line, lower case, no trailing period, and no cause: the cause is
    /// reported by `source()`, so printing it here would print it twice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Busy => f.write_str("the outbox database is busy"),
            StoreError::Unavailable(_) => f.write_str("the outbox database is unavailable"),
            StoreError::Unusable { path, .. } => {
                write!(f, "{path} is not a usable outbox database")
            }
        }
    }
}
// ANCHOR_END: display

// ANCHOR: error
impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            StoreError::Busy => None,
            StoreError::Unavailable(cause) => Some(cause.as_ref()),
            StoreError::Unusable { source, .. } => Some(source.as_ref()),
        }
    }
}
// ANCHOR_END: error

// ANCHOR: from
/// Lets `?` convert a driver error. This is the one place where the
/// driver's codes turn into the relay's decisions.
impl From<driver::DriverError> for StoreError {
    fn from(error: driver::DriverError) -> Self {
        match error.code {
            driver::BUSY => StoreError::Busy,
            _ => StoreError::Unavailable(Box::new(error)),
        }
    }
}
// ANCHOR_END: from

// ANCHOR: store
#[derive(Debug)]
pub struct Store {
    path: String,
}

impl Store {
    /// `From` has no path to put in `Unusable`, so `open` maps that case
    /// itself with `map_err` and leaves the rest to `From`.
    pub fn open(path: &str) -> Result<Store, StoreError> {
        driver::open(path).map_err(|error| match error.code {
            driver::NOTADB => StoreError::Unusable {
                path: path.to_owned(),
                source: Box::new(error),
            },
            _ => StoreError::from(error),
        })?;
        Ok(Store {
            path: path.to_owned(),
        })
    }

    /// Ids of the messages waiting to be published.
    pub fn pending(&self) -> Result<Vec<i64>, StoreError> {
        let ids = driver::pending_ids(&self.path)?; // DriverError -> StoreError
        Ok(ids)
    }
}
// ANCHOR_END: store

// ANCHOR: next_step
/// What the relay does with each outcome of a poll.
fn next_step(path: &str) -> String {
    match Store::open(path).and_then(|store| store.pending()) {
        Ok(ids) => format!("publish {} messages", ids.len()),
        Err(error) if error.is_retryable() => format!("retry later: {error}"),
        Err(error) => format!("stop and page an operator: {error}"),
    }
}
// ANCHOR_END: next_step

fn main() {
    let paths = [
        "/var/lib/bridge/outbox.db",
        "/var/lib/bridge/busy.db",
        "/mnt/gone/outbox.db",
        "/var/lib/bridge/notes.txt",
    ];
    for path in paths {
        println!("{path}");
        println!("  -> {}", next_step(path));
        if let Err(error) = Store::open(path).and_then(|store| store.pending()) {
            match error.source() {
                Some(cause) => println!("     source: {cause}"),
                None => println!("     source: none"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_without_the_cause() {
        let error = Store::open("/var/lib/bridge/notes.txt").expect_err("not a database");
        assert_eq!(
            error.to_string(),
            "/var/lib/bridge/notes.txt is not a usable outbox database"
        );
        assert!(!error.is_retryable());
    }

    #[test]
    fn the_driver_error_is_kept_as_the_source() {
        let error = Store::open("/mnt/gone/outbox.db").expect_err("unreachable");
        assert!(error.is_retryable());
        let cause = error.source().expect("a source");
        let driver_error = cause
            .downcast_ref::<driver::DriverError>()
            .expect("the driver's error");
        assert_eq!(driver_error.code, driver::CANTOPEN);
    }

    #[test]
    fn busy_has_no_source_and_is_retryable() {
        let store = Store::open("/var/lib/bridge/busy.db").expect("opens");
        let error = store.pending().expect_err("locked");
        assert!(matches!(error, StoreError::Busy));
        assert!(error.source().is_none());
        assert!(error.is_retryable());
    }
}
