//! Lesson 07.4: tokio documents which operations are cancellation safe.
//! `AsyncReadExt::read_exact` is not: cancel it half-way and the bytes it
//! already consumed are lost, so the next read starts in the middle of a frame.

use std::time::Duration;
use tokio::io::{self, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time;

// ANCHOR: frames
/// Writes the first half of frame [1, 2, 3, 4], pauses for a second, then
/// writes the second half and a whole frame [5, 6, 7, 8].
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

/// Reads a 4-byte frame, giving up after 100 ms, then reads the next one.
async fn two_frames() -> io::Result<(Option<[u8; 4]>, [u8; 4])> {
    let mut reader = start_slow_writer();
    let mut frame = [0; 4];
    let first = match time::timeout(Duration::from_millis(100), reader.read_exact(&mut frame)).await
    {
        Ok(result) => Some(result.map(|_| frame)?),
        Err(_elapsed) => None, // read_exact was dropped after taking bytes 1 and 2
    };
    let mut next = [0; 4];
    reader.read_exact(&mut next).await?;
    Ok((first, next))
}
// ANCHOR_END: frames

fn main() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let (first, next) = runtime.block_on(two_frames())?;
    println!("first frame: {first:?}");
    println!("next frame:  {next:?} (should have been [1, 2, 3, 4])");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn cancelled_read_exact_loses_the_bytes_it_consumed() -> io::Result<()> {
        let (first, next) = two_frames().await?;
        assert_eq!(first, None);
        assert_eq!(next, [3, 4, 5, 6]); // misaligned: 1 and 2 are gone
        Ok(())
    }
}
