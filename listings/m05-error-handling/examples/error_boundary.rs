//! Lesson 05.2: errors at an API boundary. A boxed `dyn Error` accepts any
//! error through `?`, must be `Send + Sync` to cross threads, and makes the
//! caller downcast to act; matching std's `#[non_exhaustive]` `io::ErrorKind`
//! needs a wildcard arm.

use std::error::Error;
use std::io::{self, ErrorKind};
use std::thread;

/// What an operator-facing health check recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Retry,
    FixConfig,
    Page,
}

// ANCHOR: kinds
/// `io::ErrorKind` is `#[non_exhaustive]`: new kinds arrive with new Rust
/// releases, so a match outside std must end with a wildcard arm.
fn action_for(error: &io::Error) -> Action {
    match error.kind() {
        ErrorKind::ConnectionRefused | ErrorKind::TimedOut | ErrorKind::Interrupted => {
            Action::Retry
        }
        ErrorKind::PermissionDenied | ErrorKind::InvalidInput => Action::FixConfig,
        _ => Action::Page,
    }
}
// ANCHOR_END: kinds

/// A pretend TCP connect: the outcome depends on the host name.
fn connect(host: &str, port: u16) -> io::Result<u32> {
    match (host, port) {
        ("rabbit", 5672) => Ok(3),
        ("nats", _) => Err(io::Error::new(ErrorKind::TimedOut, "no answer in time")),
        ("vault", _) => Err(io::Error::new(
            ErrorKind::PermissionDenied,
            "token rejected",
        )),
        _ => Err(io::Error::new(
            ErrorKind::ConnectionRefused,
            "connection refused",
        )),
    }
}

// ANCHOR: boxed
type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// Probes `host:port`. Three different error types leave through one `?`
/// each, all converted into the same box.
fn probe(target: &str) -> Result<u32, BoxError> {
    let (host, port) = target
        .split_once(':')
        .ok_or_else(|| format!("{target:?} has no port"))?; // String -> BoxError
    let port: u16 = port.parse()?; // ParseIntError -> BoxError
    let latency = connect(host, port)?; // io::Error -> BoxError
    Ok(latency)
}
// ANCHOR_END: boxed

// ANCHOR: threads
/// Probes every target on its own thread. Each result travels back through
/// `join`, which is why the boxed error must be `Send`.
fn probe_all(targets: &[&'static str]) -> Vec<Result<u32, BoxError>> {
    let handles: Vec<_> = targets
        .iter()
        .map(|&target| thread::spawn(move || probe(target)))
        .collect();
    handles
        .into_iter()
        .map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err("probe panicked".into()))
        })
        .collect()
}

/// To act on a boxed error, the caller has to guess its type and downcast.
fn action_for_boxed(error: &BoxError) -> Action {
    match error.downcast_ref::<io::Error>() {
        Some(io_error) => action_for(io_error),
        None => Action::FixConfig,
    }
}
// ANCHOR_END: threads

// ANCHOR: to_anyhow
/// The binary's edge, where anyhow takes over. `?` alone does not compile
/// here: the box does not implement `Error`, so convert it by name.
fn health_check(target: &str) -> anyhow::Result<u32> {
    probe(target).map_err(anyhow::Error::from_boxed)
}
// ANCHOR_END: to_anyhow

fn main() {
    let targets = [
        "rabbit:5672",
        "nats:4222",
        "vault:8200",
        "db:5432",
        "rabbit",
        "rabbit:amqp",
    ];
    for (target, result) in targets.iter().zip(probe_all(&targets)) {
        match result {
            Ok(latency) => println!("{target:<12} up, {latency} ms"),
            Err(error) => println!("{target:<12} {:?}: {error}", action_for_boxed(&error)),
        }
    }
    if let Err(error) = health_check("nats:4222") {
        println!("as anyhow::Error: {error:#}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_classified_by_kind() {
        let refused = io::Error::from(ErrorKind::ConnectionRefused);
        assert_eq!(action_for(&refused), Action::Retry);
        let unknown = io::Error::other("disk on fire");
        assert_eq!(action_for(&unknown), Action::Page);
    }

    #[test]
    fn a_boxed_error_reaches_anyhow_by_name_not_by_question_mark() {
        let error = health_check("nats:4222").expect_err("times out");
        assert_eq!(error.to_string(), "no answer in time");
        let via_macro = probe("nats:4222")
            .map_err(|e| anyhow::anyhow!(e))
            .expect_err("times out");
        assert_eq!(via_macro.to_string(), "no answer in time");
        // anyhow holds the box, not what is inside: the concrete type is gone.
        assert!(error.downcast_ref::<io::Error>().is_none());
        // Downcast the box itself first if the edge needs the type.
        let boxed = probe("nats:4222").expect_err("times out");
        let kind = boxed.downcast::<io::Error>().map(|e| e.kind()).ok();
        assert_eq!(kind, Some(ErrorKind::TimedOut));
    }

    #[test]
    fn every_error_type_fits_in_the_box() {
        let results = probe_all(&["rabbit:5672", "rabbit", "rabbit:x", "db:1"]);
        assert_eq!(results[0].as_ref().ok(), Some(&3));
        let messages: Vec<String> = results[1..]
            .iter()
            .map(|r| r.as_ref().expect_err("fails").to_string())
            .collect();
        assert_eq!(
            messages,
            [
                "\"rabbit\" has no port",
                "invalid digit found in string",
                "connection refused"
            ]
        );
    }
}
