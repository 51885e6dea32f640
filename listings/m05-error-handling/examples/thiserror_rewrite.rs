//! Lesson 05.3: lesson 05.2's hand-written `StoreError`, derived with
//! thiserror. The hand-written version is kept below (hidden in the book) so
//! the tests can check that both behave the same: same messages, same sources.

use std::error::Error;

/// The stand-in driver from `store_error.rs`, reduced to its error type.
mod driver {
    use std::fmt;

    #[derive(Debug)]
    pub(crate) struct DriverError {
        pub(crate) code: i32,
        pub(crate) message: &'static str,
    }

    pub(crate) const BUSY: i32 = 5;
    pub(crate) const CANTOPEN: i32 = 14;
    pub(crate) const NOTADB: i32 = 26;

    impl fmt::Display for DriverError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "sqlite error {}: {}", self.code, self.message)
        }
    }

    impl std::error::Error for DriverError {}
}

type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// Lesson 05.2's version, unchanged: `Display`, `Error` and `From` by hand.
mod by_hand {
    use super::{BoxError, driver};
    use std::error::Error;
    use std::fmt;

    #[derive(Debug)]
    #[non_exhaustive]
    pub(crate) enum StoreError {
        Busy,
        Unavailable(BoxError),
        Unusable { path: String, source: BoxError },
    }

    impl fmt::Display for StoreError {
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

    impl Error for StoreError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                StoreError::Busy => None,
                StoreError::Unavailable(cause) => Some(cause.as_ref()),
                StoreError::Unusable { source, .. } => Some(source.as_ref()),
            }
        }
    }

    impl From<driver::DriverError> for StoreError {
        fn from(error: driver::DriverError) -> Self {
            match error.code {
                driver::BUSY => StoreError::Busy,
                _ => StoreError::Unavailable(Box::new(error)),
            }
        }
    }
}

mod derived {
    use super::{BoxError, driver};

    // ANCHOR: derived
    /// Why the outbox store could not do what the relay asked.
    #[derive(Debug, thiserror::Error)]
    #[non_exhaustive]
    pub(crate) enum StoreError {
        /// Another writer holds the lock: retry the same call soon.
        #[error("the outbox database is busy")]
        Busy,
        /// The database cannot be reached now: retry with backoff.
        #[error("the outbox database is unavailable")]
        Unavailable(#[source] BoxError),
        /// Not an outbox the bridge can use: an operator must act.
        /// (A field named `source` is the source without an attribute.)
        #[error("{path} is not a usable outbox database")]
        Unusable { path: String, source: BoxError },
    }
    // ANCHOR_END: derived

    // ANCHOR: from
    /// thiserror writes `Display`, `Error` and `source()`. A conversion that
    /// has to look inside the driver error stays hand-written.
    impl From<driver::DriverError> for StoreError {
        fn from(error: driver::DriverError) -> Self {
            match error.code {
                driver::BUSY => StoreError::Busy,
                _ => StoreError::Unavailable(Box::new(error)),
            }
        }
    }
    // ANCHOR_END: from
}

/// What a log line shows: the error and each of its sources.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    std::iter::successors(Some(error), |&link| link.source())
        .map(|link| link.to_string())
        .collect()
}

fn driver_error(code: i32, message: &'static str) -> driver::DriverError {
    driver::DriverError { code, message }
}

// ANCHOR: main
fn main() {
    let cases: [(&str, by_hand::StoreError, derived::StoreError); 3] = [
        (
            "busy",
            driver_error(driver::BUSY, "database is locked").into(),
            driver_error(driver::BUSY, "database is locked").into(),
        ),
        (
            "unavailable",
            driver_error(driver::CANTOPEN, "unable to open database file").into(),
            driver_error(driver::CANTOPEN, "unable to open database file").into(),
        ),
        (
            "unusable",
            by_hand::StoreError::Unusable {
                path: "notes.txt".into(),
                source: Box::new(driver_error(driver::NOTADB, "file is not a database")),
            },
            derived::StoreError::Unusable {
                path: "notes.txt".into(),
                source: Box::new(driver_error(driver::NOTADB, "file is not a database")),
            },
        ),
    ];
    for (name, hand, derived) in &cases {
        println!("{name}:");
        println!("  by hand: {:?}", chain(hand));
        println!("  derived: {:?}", chain(derived));
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn both(code: i32, message: &'static str) -> (by_hand::StoreError, derived::StoreError) {
        (
            driver_error(code, message).into(),
            driver_error(code, message).into(),
        )
    }

    #[test]
    fn every_variant_prints_and_chains_the_same() {
        for (code, message) in [
            (driver::BUSY, "database is locked"),
            (driver::CANTOPEN, "unable to open database file"),
            (1, "SQL logic error"),
        ] {
            let (hand, derived) = both(code, message);
            assert_eq!(chain(&hand), chain(&derived), "driver code {code}");
        }
        let unusable = |path: &str| {
            let source = || Box::new(driver_error(driver::NOTADB, "file is not a database"));
            (
                by_hand::StoreError::Unusable {
                    path: path.into(),
                    source: source(),
                },
                derived::StoreError::Unusable {
                    path: path.into(),
                    source: source(),
                },
            )
        };
        let (hand, derived) = unusable("/var/lib/bridge/notes.txt");
        assert_eq!(chain(&hand), chain(&derived));
    }

    #[test]
    fn the_derived_source_is_the_driver_error() {
        let (_, derived) = both(driver::CANTOPEN, "unable to open database file");
        let source = derived.source().expect("Unavailable has a source");
        let driver_error = source
            .downcast_ref::<driver::DriverError>()
            .expect("the boxed driver error");
        assert_eq!(driver_error.code, driver::CANTOPEN);
    }
}
