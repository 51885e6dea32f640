//! Lesson 07.3: `tokio::spawn` starts a task; its `JoinHandle` is how you
//! get the result back, and how a panic inside the task reaches you as a
//! `JoinError` instead of taking the process down.

use tokio::task::JoinError;

// ANCHOR: spawn
/// Pretends to publish one message and returns the broker's sequence number.
async fn publish(message_id: u64) -> u64 {
    tokio::task::yield_now().await; // a real publish would await the network here
    message_id * 10
}

async fn publish_two() -> Result<(u64, u64), JoinError> {
    // Both tasks start running now, concurrently with this function.
    let first = tokio::spawn(publish(1));
    let second = tokio::spawn(publish(2));
    // Awaiting a JoinHandle gives Result<T, JoinError>.
    Ok((first.await?, second.await?))
}
// ANCHOR_END: spawn

// ANCHOR: panic
/// A task that panics on bad input, as buggy code does.
async fn parse_partition(raw: &'static str) -> u32 {
    raw.parse().expect("partition must be a number")
}

/// Describes how a spawned task ended.
async fn outcome_of(raw: &'static str) -> String {
    match tokio::spawn(parse_partition(raw)).await {
        Ok(partition) => format!("{raw:?}: partition {partition}"),
        Err(error) if error.is_panic() => {
            let payload = error.into_panic();
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            format!("{raw:?}: task panicked: {message}")
        }
        Err(error) => format!("{raw:?}: task was cancelled: {error}"),
    }
}
// ANCHOR_END: panic

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), JoinError> {
    // The default panic hook would print the panic (with a file and line) to
    // stderr; here the JoinError carries it, so a quiet hook keeps the output short.
    std::panic::set_hook(Box::new(|_| {}));

    let (a, b) = publish_two().await?;
    println!("published with sequence numbers {a} and {b}");
    println!("{}", outcome_of("3").await);
    println!("{}", outcome_of("three").await);
    println!("the runtime is still running after the panic");
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn join_handles_return_the_task_output() -> Result<(), JoinError> {
        assert_eq!(publish_two().await?, (10, 20));
        Ok(())
    }

    #[tokio::test]
    async fn a_panicking_task_becomes_a_join_error() {
        let error = tokio::spawn(parse_partition("x"))
            .await
            .expect_err("the task panics");
        assert!(error.is_panic());
        assert!(!error.is_cancelled());
    }

    #[tokio::test]
    async fn outcome_reports_success_and_panic() {
        assert_eq!(outcome_of("7").await, "\"7\": partition 7");
        assert!(
            outcome_of("seven")
                .await
                .contains("partition must be a number")
        );
    }
}
