//! Answers to the exercises of lesson 05.2 (custom error types). Each answer
//! is a module; `main` runs them and prints what they return.

use std::error::Error;

/// Every link of an error's chain, outermost first (as in `error_chain.rs`).
fn chain<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |&current| current.source())
}

/// Rust's `errors.As` (as in `error_chain.rs`).
fn find_cause<'a, T: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a T> {
    chain(error).find_map(|link| link.downcast_ref::<T>())
}

/// The chain on one line, joined with ": ", the way anyhow's `{:#}` prints it.
fn one_line(error: &(dyn Error + 'static)) -> String {
    chain(error)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

/// The driver of `store_error.rs`, reduced to what the answers need.
mod driver {
    #[derive(Debug)]
    pub(crate) struct DriverError {
        pub(crate) code: i32,
        pub(crate) message: &'static str,
    }

    pub(crate) const BUSY: i32 = 5;
    pub(crate) const FULL: i32 = 13;

    impl std::fmt::Display for DriverError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "sqlite error {}: {}", self.code, self.message)
        }
    }

    impl std::error::Error for DriverError {}
}

type BoxError = Box<dyn Error + Send + Sync + 'static>;

// ANCHOR: answer1
mod answer1 {
    use super::BoxError;
    use std::error::Error;
    use std::fmt;

    #[derive(Debug)]
    pub(crate) struct Unavailable(pub(crate) BoxError);

    impl fmt::Display for Unavailable {
        /// The exercise's change: the cause goes into the message...
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let Unavailable(cause) = self;
            write!(f, "the outbox database is unavailable: {cause}")
        }
    }

    impl Error for Unavailable {
        /// ...and is still the source, so a chain printer shows it twice.
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(self.0.as_ref())
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use super::{BoxError, driver};
    use std::error::Error;
    use std::fmt;

    /// `store_error.rs`'s enum, without `Unusable` to keep this short.
    #[derive(Debug)]
    #[non_exhaustive]
    pub(crate) enum StoreError {
        Busy,
        Unavailable(BoxError),
        /// SQLITE_FULL: the disk or the database is full. Waiting does not
        /// free space, so it is not retryable: an operator must act.
        Full(BoxError),
    }

    impl StoreError {
        /// `matches!` has a hidden `_ => false`: it compiles unchanged, and
        /// `Full` is not retryable without a word from us.
        pub(crate) fn is_retryable(&self) -> bool {
            matches!(self, StoreError::Busy | StoreError::Unavailable(_))
        }
    }

    impl fmt::Display for StoreError {
        /// No `_` arm: E0004 until `Full` has its message.
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                StoreError::Busy => f.write_str("the outbox database is busy"),
                StoreError::Unavailable(_) => f.write_str("the outbox database is unavailable"),
                StoreError::Full(_) => f.write_str("the outbox database's disk is full"),
            }
        }
    }

    impl Error for StoreError {
        /// No `_` arm here either: E0004 until `Full` returns its cause.
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                StoreError::Busy => None,
                StoreError::Unavailable(cause) | StoreError::Full(cause) => Some(cause.as_ref()),
            }
        }
    }

    impl From<driver::DriverError> for StoreError {
        /// This `match` has a `_` arm, so it compiled without `Full` and
        /// sent code 13 to `Unavailable`, a retryable variant. Nothing
        /// warned: this arm is the one you have to remember.
        fn from(error: driver::DriverError) -> Self {
            match error.code {
                driver::BUSY => StoreError::Busy,
                driver::FULL => StoreError::Full(Box::new(error)),
                _ => StoreError::Unavailable(Box::new(error)),
            }
        }
    }
}
// ANCHOR_END: answer2

/// The row and load errors of `error_chain.rs`, for answers 3 and 4.
mod dump {
    use outbox_core::{AggregateId, InvalidMessage, NewMessage};
    use std::error::Error;
    use std::fmt;
    use std::num::ParseIntError;

    #[derive(Debug)]
    pub(crate) enum RowError {
        MissingField(&'static str),
        BadId(ParseIntError),
        Invalid(InvalidMessage),
    }

    impl fmt::Display for RowError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                RowError::MissingField(name) => write!(f, "the {name} field is missing"),
                RowError::BadId(_) => f.write_str("the message id is not a number"),
                RowError::Invalid(_) => f.write_str("the row is not a valid message"),
            }
        }
    }

    impl Error for RowError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                RowError::MissingField(_) => None,
                RowError::BadId(cause) => Some(cause),
                RowError::Invalid(cause) => Some(cause),
            }
        }
    }

    #[derive(Debug)]
    pub(crate) struct LoadError {
        pub(crate) line: usize,
        pub(crate) source: RowError,
    }

    impl fmt::Display for LoadError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "line {} of the outbox dump is unusable", self.line)
        }
    }

    impl Error for LoadError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.source)
        }
    }

    pub(crate) fn parse_row(row: &str) -> Result<(i64, NewMessage), RowError> {
        let mut fields = row.splitn(4, '|');
        let mut next = |name| fields.next().ok_or(RowError::MissingField(name));
        let id = next("id")?.trim().parse::<i64>().map_err(RowError::BadId)?;
        let aggregate = AggregateId::new(next("aggregate")?).map_err(RowError::Invalid)?;
        let message = NewMessage::new(aggregate, next("event type")?, next("payload")?)
            .map_err(RowError::Invalid)?;
        Ok((id, message))
    }

    pub(crate) const DUMPS: [&str; 4] = [
        "1|order-1|OrderPlaced|{}\n2|order-1|OrderPaid|{}",
        "1|order-1|OrderPlaced|{}\nII|order-2|OrderPlaced|{}",
        "1|order-1|OrderPlaced|{}\n2|order-1||{}",
        "1| |OrderPlaced|{}",
    ];
}

// ANCHOR: answer3
mod answer3 {
    use super::dump::{LoadError, RowError, parse_row};
    use outbox_core::NewMessage;

    /// `From` sees only the row's error: it has no line number to give.
    impl From<RowError> for LoadError {
        fn from(source: RowError) -> Self {
            LoadError { line: 0, source }
        }
    }

    pub(crate) fn load(dump: &str) -> Result<Vec<(i64, NewMessage)>, LoadError> {
        dump.lines()
            .map(|row| parse_row(row).map_err(LoadError::from))
            .collect()
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use super::dump::LoadError;
    use super::find_cause;
    use outbox_core::InvalidMessage;
    use std::num::ParseIntError;

    /// Bad input: the dump held a message the core crate rejects, or an id
    /// that is not a number. (A missing field is neither, by this rule.)
    pub(crate) fn is_bad_input(error: &LoadError) -> bool {
        find_cause::<InvalidMessage>(error).is_some()
            || find_cause::<ParseIntError>(error).is_some()
    }
}
// ANCHOR_END: answer4

/// The loader of `error_chain.rs`, with the line number added by a closure.
fn load(dump: &str) -> Result<usize, dump::LoadError> {
    for (index, row) in dump.lines().enumerate() {
        dump::parse_row(row).map_err(|source| dump::LoadError {
            line: index + 1,
            source,
        })?;
    }
    Ok(dump.lines().count())
}

fn main() {
    let cause = driver::DriverError {
        code: 14,
        message: "unable to open database file",
    };
    println!(
        "answer 1: {}",
        one_line(&answer1::Unavailable(Box::new(cause)))
    );

    let full = answer2::StoreError::from(driver::DriverError {
        code: driver::FULL,
        message: "database or disk is full",
    });
    println!(
        "answer 2: {} (retryable: {})",
        one_line(&full),
        full.is_retryable()
    );

    if let Err(error) = answer3::load(dump::DUMPS[1]) {
        println!("answer 3: {}", one_line(&error));
    }
    for (n, text) in dump::DUMPS.iter().enumerate() {
        match load(text) {
            Ok(rows) => println!("answer 4: dump {n} loads {rows} rows"),
            Err(error) => println!(
                "answer 4: dump {n} bad input: {}",
                answer4::is_bad_input(&error)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_the_cause_is_printed_twice() {
        let cause = driver::DriverError {
            code: 14,
            message: "unable to open database file",
        };
        let error = answer1::Unavailable(Box::new(cause));
        assert_eq!(
            one_line(&error),
            "the outbox database is unavailable: sqlite error 14: unable to open database file: \
             sqlite error 14: unable to open database file"
        );
    }

    #[test]
    fn answer2_full_has_its_own_variant_and_is_not_retried() {
        let full = answer2::StoreError::from(driver::DriverError {
            code: driver::FULL,
            message: "database or disk is full",
        });
        assert!(matches!(full, answer2::StoreError::Full(_)));
        assert!(!full.is_retryable());
        assert_eq!(
            one_line(&full),
            "the outbox database's disk is full: sqlite error 13: database or disk is full"
        );
    }

    #[test]
    fn answer3_from_loses_the_line_number() {
        let error = answer3::load(dump::DUMPS[1]).expect_err("bad id on line 2");
        assert_eq!(error.line, 0);
        let error = load(dump::DUMPS[1]).expect_err("bad id on line 2");
        assert_eq!(error.line, 2, "the closure knew the line");
    }

    #[test]
    fn answer4_bad_input_is_found_anywhere_in_the_chain() {
        let verdicts: Vec<Option<bool>> = dump::DUMPS
            .iter()
            .map(|text| load(text).err().map(|error| answer4::is_bad_input(&error)))
            .collect();
        assert_eq!(verdicts, [None, Some(true), Some(true), Some(true)]);
        let missing = load("1|order-1").expect_err("no event type");
        assert!(!answer4::is_bad_input(&missing));
    }
}
