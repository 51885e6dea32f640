//! Answers to the "Try it" exercises of lesson 07.4.
//!
//! Run with `cargo run -p m07-async --example answers_07_4`.

use std::time::Duration;
use tokio::io::{self, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::task::JoinError;
use tokio::time;

// ANCHOR: answer3
/// The two layers of `async_errors.rs`, with a task that panics.
#[derive(Debug, thiserror::Error)]
enum RelayError {
    #[error("publish task died")]
    Task(#[from] JoinError),
}

async fn relay_in_a_task_that_panics() -> Result<u64, RelayError> {
    let handle = tokio::spawn(async {
        if std::hint::black_box(true) {
            panic!("bug");
        }
        Ok::<u64, RelayError>(7)
    });
    let id = handle.await??; // the JoinError becomes RelayError::Task
    Ok(id)
}

/// The error and the chain of causes behind it, as `report` prints them.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
// ANCHOR_END: answer3

/// The slow writer of `read_exact_cancel.rs`: bytes 1 and 2, a second of
/// silence, then 3 to 8.
fn start_slow_writer() -> DuplexStream {
    let (mut writer, reader) = io::duplex(64);
    tokio::spawn(async move {
        writer.write_all(&[1, 2]).await?;
        time::sleep(Duration::from_secs(1)).await;
        writer.write_all(&[3, 4, 5, 6, 7, 8]).await?;
        Ok::<(), io::Error>(())
    });
    reader
}

// ANCHOR: answer4
/// Reads into `frame[*filled..]` until the frame is full. Every `.await` is
/// a `read`, which is cancellation safe, and every byte read is counted in
/// `filled` at once: the progress lives with the caller, not in the future.
async fn fill_frame(
    reader: &mut DuplexStream,
    frame: &mut [u8; 4],
    filled: &mut usize,
) -> io::Result<()> {
    while *filled < frame.len() {
        let n = reader.read(&mut frame[*filled..]).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        *filled += n;
    }
    Ok(())
}

/// `two_frames`, cancellation safe: the timeout may drop `fill_frame`, and
/// the second call carries on where the first one stopped.
async fn two_frames() -> io::Result<(Option<[u8; 4]>, [u8; 4], [u8; 4])> {
    let mut reader = start_slow_writer();
    let mut frame = [0; 4];
    let mut filled = 0;
    let patience = Duration::from_millis(100);
    let on_time = time::timeout(patience, fill_frame(&mut reader, &mut frame, &mut filled))
        .await
        .is_ok();
    let first_try = on_time.then_some(frame);
    fill_frame(&mut reader, &mut frame, &mut filled).await?; // finish the frame
    let mut next = [0; 4];
    reader.read_exact(&mut next).await?;
    Ok((first_try, frame, next))
}
// ANCHOR_END: answer4

fn main() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    std::panic::set_hook(Box::new(|_| {})); // the task's panic is reported below
    match runtime.block_on(relay_in_a_task_that_panics()) {
        Ok(id) => println!("answer 3: published {id}"),
        Err(error) => {
            // The task id in the JoinError's message varies: print it as <id>.
            let text = chain(&error);
            let words: Vec<&str> = text
                .split(' ')
                .map(|w| if w.parse::<u64>().is_ok() { "<id>" } else { w })
                .collect();
            println!("answer 3: {}", words.join(" "));
        }
    }
    let (first_try, frame, next) = runtime.block_on(two_frames())?;
    println!("answer 4: first try {first_try:?}, frame {frame:?}, next {next:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_task_is_reported_as_a_dead_task() {
        let error = relay_in_a_task_that_panics()
            .await
            .expect_err("the task panicked");
        assert!(matches!(&error, RelayError::Task(e) if e.is_panic()));
        let text = chain(&error);
        assert!(text.starts_with("publish task died: task "), "{text}");
        assert!(text.ends_with("panicked with message \"bug\""), "{text}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_timeout_no_longer_loses_bytes() -> io::Result<()> {
        let (first_try, frame, next) = two_frames().await?;
        assert_eq!(first_try, None); // the deadline still passed...
        assert_eq!(frame, [1, 2, 3, 4]); // ...but bytes 1 and 2 were kept
        assert_eq!(next, [5, 6, 7, 8]);
        Ok(())
    }
}
