//! Lesson 07.4: errors in async code. `?` works in `async fn` exactly as in
//! sync code; a spawned task adds a second layer (`JoinError`); `try_join!`
//! stops at the first error; `timeout` turns slowness into an error value.

use std::num::ParseIntError;
use std::time::Duration;
use tokio::task::JoinError;
use tokio::time::{self, Instant};

// ANCHOR: error
/// Everything that can go wrong while relaying one outbox row.
#[derive(Debug, thiserror::Error)]
enum RelayError {
    #[error("row {row} has a bad message id")]
    BadId {
        row: u64,
        #[source]
        cause: ParseIntError,
    },
    #[error("broker gave no answer within {0} ms")]
    Timeout(u128),
    #[error("broker refused message {0}")]
    Refused(u64),
    /// The task running the publish panicked or was aborted: a bug or a
    /// shutdown, not a broker problem.
    #[error("publish task died")]
    Task(#[from] JoinError),
}
// ANCHOR_END: error

// ANCHOR: question_mark
/// Reads a row's message id. `?` converts the parse error and returns early.
async fn load_message_id(row: u64, raw: &str) -> Result<u64, RelayError> {
    tokio::task::yield_now().await; // stands in for a database read
    let id = raw
        .parse()
        .map_err(|cause| RelayError::BadId { row, cause })?;
    Ok(id)
}

/// A broker that answers after `latency` and refuses odd ids.
async fn broker_publish(id: u64, latency: Duration) -> Result<(), RelayError> {
    time::sleep(latency).await;
    if id % 2 == 1 {
        Err(RelayError::Refused(id))
    } else {
        Ok(())
    }
}

const PUBLISH_DEADLINE: Duration = Duration::from_millis(200);

/// Publishes with a deadline. `timeout` wraps the result in another
/// `Result`; the outer `?` handles the deadline, the inner one the broker.
async fn publish(id: u64, latency: Duration) -> Result<(), RelayError> {
    time::timeout(PUBLISH_DEADLINE, broker_publish(id, latency))
        .await
        .map_err(|_elapsed| RelayError::Timeout(PUBLISH_DEADLINE.as_millis()))??;
    Ok(())
}
// ANCHOR_END: question_mark

// ANCHOR: join_error
/// Relays one row in a spawned task. Awaiting the handle yields
/// `Result<Result<u64, RelayError>, JoinError>`: the outer layer says whether
/// the task ran to the end, the inner one what the task itself returned.
async fn relay_in_task(row: u64, raw: &'static str) -> Result<u64, RelayError> {
    let handle = tokio::spawn(async move {
        let id = load_message_id(row, raw).await?;
        publish(id, Duration::from_millis(10)).await?;
        Ok::<u64, RelayError>(id)
    });
    let id = handle.await??; // first `?`: JoinError -> RelayError::Task; second: the task's error
    Ok(id)
}
// ANCHOR_END: join_error

// ANCHOR: try_join
/// Loads three rows concurrently. `try_join!` returns the first error and
/// drops the other futures, so the slow one never finishes.
async fn load_three() -> Result<(u64, u64, u64), RelayError> {
    let slow = async {
        time::sleep(Duration::from_secs(1)).await;
        println!("  slow load finished"); // never printed: this future is dropped
        load_message_id(3, "30").await
    };
    tokio::try_join!(load_message_id(1, "10"), load_message_id(2, "x2"), slow)
}
// ANCHOR_END: try_join

/// Prints an error and the chain of causes behind it.
fn report(label: &str, result: Result<impl std::fmt::Debug, RelayError>) {
    match result {
        Ok(value) => println!("{label}: ok {value:?}"),
        Err(error) => {
            print!("{label}: error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                print!(": {cause}");
                source = cause.source();
            }
            println!();
        }
    }
}

// ANCHOR: main
fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true) // timers resolve instantly and always in the same order
        .build()?;
    runtime.block_on(async {
        report("load", load_message_id(7, "700").await);
        report("load", load_message_id(8, "seven").await);
        report("publish 4", publish(4, Duration::from_millis(50)).await);
        report("publish 5", publish(5, Duration::from_millis(50)).await);
        report("publish 6", publish(6, Duration::from_secs(3)).await);
        report("task", relay_in_task(9, "42").await);
        report("task", relay_in_task(10, "43").await);
        let start = Instant::now();
        report("try_join", load_three().await);
        println!("try_join returned after {} ms", start.elapsed().as_millis());
    });
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_slow_broker_becomes_a_timeout_error_at_the_deadline() {
        let start = Instant::now();
        let result = publish(4, Duration::from_secs(60)).await;
        assert!(matches!(result, Err(RelayError::Timeout(200))));
        assert_eq!(start.elapsed(), PUBLISH_DEADLINE);
    }

    #[tokio::test]
    async fn the_tasks_own_error_comes_through_the_inner_result() {
        assert!(matches!(
            relay_in_task(1, "43").await,
            Err(RelayError::Refused(43))
        ));
        assert!(matches!(
            relay_in_task(1, "bad").await,
            Err(RelayError::BadId { row: 1, .. })
        ));
        assert_eq!(relay_in_task(1, "44").await.ok(), Some(44));
    }

    #[tokio::test]
    async fn a_panicking_task_becomes_relay_error_task() {
        let joined = tokio::spawn(async { panic!("bug in the publisher") }).await;
        let error = RelayError::from(joined.expect_err("the task panicked"));
        assert!(matches!(error, RelayError::Task(ref e) if e.is_panic()));
    }

    #[tokio::test(start_paused = true)]
    async fn try_join_fails_fast_without_waiting_for_the_slow_branch() {
        let start = Instant::now();
        assert!(matches!(
            load_three().await,
            Err(RelayError::BadId { row: 2, .. })
        ));
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
