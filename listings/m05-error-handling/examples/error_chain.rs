//! Lesson 05.2: keeping the cause chain when an error crosses a layer,
//! printing it, and searching it for one type (Rust's `errors.As`). The rows
//! are validated by the capstone's own `AggregateId` and `NewMessage`.

use outbox_core::{AggregateId, InvalidMessage, NewMessage};
use std::error::Error;
use std::fmt;
use std::num::ParseIntError;

// ANCHOR: row_error
/// Why one line of an outbox dump is not a message.
#[derive(Debug)]
enum RowError {
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

impl From<ParseIntError> for RowError {
    fn from(error: ParseIntError) -> Self {
        RowError::BadId(error)
    }
}

impl From<InvalidMessage> for RowError {
    fn from(error: InvalidMessage) -> Self {
        RowError::Invalid(error)
    }
}
// ANCHOR_END: row_error

// ANCHOR: load_error
/// Loading a dump failed at one line: the line number is the context this
/// layer adds, and the row's error stays inside as the source.
#[derive(Debug)]
struct LoadError {
    line: usize,
    source: RowError,
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
// ANCHOR_END: load_error

// ANCHOR: parse
/// Parses `id|aggregate|event type|payload`.
fn parse_row(row: &str) -> Result<(i64, NewMessage), RowError> {
    let mut fields = row.splitn(4, '|');
    let mut next = |name| fields.next().ok_or(RowError::MissingField(name));
    let id = next("id")?.trim().parse::<i64>()?; // ParseIntError -> RowError
    let aggregate = AggregateId::new(next("aggregate")?)?; // InvalidMessage -> RowError
    let message = NewMessage::new(aggregate, next("event type")?, next("payload")?)?;
    Ok((id, message))
}

/// All rows, or the first failure with its line number.
fn load(dump: &str) -> Result<Vec<(i64, NewMessage)>, LoadError> {
    dump.lines()
        .enumerate()
        .map(|(index, row)| {
            parse_row(row).map_err(|source| LoadError {
                line: index + 1,
                source,
            })
        })
        .collect()
}
// ANCHOR_END: parse

// ANCHOR: chain
/// An error and everything that caused it, outermost first.
fn chain<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |&current| current.source())
}

/// One line per link: what a log line or a CLI should show.
fn report(error: &(dyn Error + 'static)) -> String {
    let mut lines = vec![format!("error: {error}")];
    lines.extend(
        chain(error)
            .skip(1)
            .map(|cause| format!("  caused by: {cause}")),
    );
    lines.join("\n")
}

/// Rust's `errors.As`: the first error in the chain that has type `T`.
fn find_cause<'a, T: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a T> {
    chain(error).find_map(|link| link.downcast_ref::<T>())
}
// ANCHOR_END: chain

// ANCHOR: stringly
/// The same loader, with each cause flattened into a `String`: the text
/// survives, but the types and the chain are gone.
fn load_flattened(dump: &str) -> Result<usize, Box<dyn Error>> {
    for (index, row) in dump.lines().enumerate() {
        parse_row(row).map_err(|error| format!("line {}: {error}", index + 1))?;
    }
    Ok(dump.lines().count())
}
// ANCHOR_END: stringly

const DUMPS: [&str; 4] = [
    "1|order-1|OrderPlaced|{}\n2|order-1|OrderPaid|{}",
    "1|order-1|OrderPlaced|{}\nII|order-2|OrderPlaced|{}",
    "1|order-1|OrderPlaced|{}\n2|order-1||{}",
    "1| |OrderPlaced|{}",
];

// ANCHOR: main
fn main() {
    for dump in DUMPS {
        match load(dump) {
            Ok(rows) => println!("loaded {} rows", rows.len()),
            Err(error) => {
                println!("{}", report(&error));
                if let Some(invalid) = find_cause::<InvalidMessage>(&error) {
                    println!("  -> the message itself is invalid ({invalid:?}): dead-letter it");
                }
            }
        }
    }
    let flattened = load_flattened(DUMPS[1]).expect_err("bad id");
    println!("flattened: {}", report(flattened.as_ref()));
    println!(
        "  ParseIntError still findable: {}",
        find_cause::<ParseIntError>(flattened.as_ref()).is_some()
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_runs_from_context_to_root_cause() {
        let error = load(DUMPS[1]).expect_err("bad id on line 2");
        let links: Vec<String> = chain(&error).map(|link| link.to_string()).collect();
        assert_eq!(
            links,
            [
                "line 2 of the outbox dump is unusable",
                "the message id is not a number",
                "invalid digit found in string",
            ]
        );
    }

    #[test]
    fn a_typed_cause_can_be_found_and_matched() {
        let error = load(DUMPS[3]).expect_err("blank aggregate");
        assert_eq!(
            find_cause::<InvalidMessage>(&error),
            Some(&InvalidMessage::EmptyAggregateId)
        );
        assert!(find_cause::<ParseIntError>(&error).is_none());
    }

    #[test]
    fn flattening_to_a_string_loses_the_chain() {
        let error = load_flattened(DUMPS[1]).expect_err("bad id");
        assert_eq!(error.to_string(), "line 2: the message id is not a number");
        assert!(error.source().is_none());
    }
}
