//! Lesson 07.3: `spawn_blocking` moves blocking or CPU-heavy work off the
//! runtime's threads, so the async tasks keep running meanwhile.

use std::sync::mpsc as std_mpsc;
use std::thread;
use tokio::task::JoinError;

// ANCHOR: checksum
/// CPU-bound work: an FNV-1a checksum over a large payload. It never awaits,
/// so on a runtime thread it would hold that thread until it finished.
fn checksum(payload: &[u8]) -> u64 {
    payload.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Runs the checksum on tokio's blocking pool and reports whether it ran on
/// the caller's thread.
async fn checksum_off_the_runtime(payload: Vec<u8>) -> Result<(u64, bool), JoinError> {
    let runtime_thread = thread::current().id();
    tokio::task::spawn_blocking(move || {
        // `payload` was moved in: the closure must be 'static and Send.
        (checksum(&payload), thread::current().id() == runtime_thread)
    })
    .await
}
// ANCHOR_END: checksum

// ANCHOR: responsive
/// A blocking job that cannot finish until async code has made progress:
/// it blocks its thread on a std channel until the heartbeat has beaten
/// three times. On the runtime's only thread this would deadlock; on the
/// blocking pool it is fine.
async fn heartbeats_while_blocked() -> Result<Vec<String>, JoinError> {
    let (go_tx, go_rx) = std_mpsc::channel::<()>();
    let job = tokio::task::spawn_blocking(move || {
        go_rx
            .recv()
            .expect("the heartbeat sends before dropping go_tx"); // blocks this thread
        "blocking job finished".to_string()
    });

    let mut log = Vec::new();
    for beat in 1..=3 {
        tokio::task::yield_now().await;
        log.push(format!("heartbeat {beat}"));
    }
    go_tx.send(()).expect("the job is still waiting");
    log.push(job.await?);
    Ok(log)
}
// ANCHOR_END: responsive

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), JoinError> {
    let payload = vec![7_u8; 4 * 1024 * 1024];
    let (sum, same_thread) = checksum_off_the_runtime(payload).await?;
    println!("checksum {sum:016x}, ran on the runtime thread: {same_thread}");
    for line in heartbeats_while_blocked().await? {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_fnv1a() {
        assert_eq!(checksum(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(checksum(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[tokio::test]
    async fn blocking_work_runs_on_another_thread() -> Result<(), JoinError> {
        let (sum, same_thread) = checksum_off_the_runtime(b"a".to_vec()).await?;
        assert_eq!(sum, checksum(b"a"));
        assert!(!same_thread);
        Ok(())
    }

    #[tokio::test]
    async fn the_runtime_keeps_running_while_the_job_blocks() -> Result<(), JoinError> {
        let log = heartbeats_while_blocked().await?;
        assert_eq!(log.len(), 4);
        assert_eq!(log[3], "blocking job finished");
        Ok(())
    }
}
