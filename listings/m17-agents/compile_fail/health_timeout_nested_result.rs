// Matching a timed-out ask as if it were one `Result`. `timeout` has the
// signature of `tokio::time::timeout`; it stands in for it because this file
// is compiled by rustc alone.
use std::future::Future;
use std::time::Duration;

#[derive(Debug)]
struct Elapsed;
#[derive(Debug)]
struct AgentGone;

async fn timeout<F: Future>(_deadline: Duration, future: F) -> Result<F::Output, Elapsed> {
    Ok(future.await)
}

async fn ask_ping() -> Result<(), AgentGone> {
    Ok(())
}

async fn is_healthy(deadline: Duration) -> bool {
    match timeout(deadline, ask_ping()).await {
        Ok(()) => true,
        Err(_) => false,
    }
}

fn main() {
    drop(is_healthy(Duration::from_millis(500)));
}
