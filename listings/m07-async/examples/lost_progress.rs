//! Lesson 07.4: a future is cancelled by dropping it, and whatever it kept in
//! its local variables is dropped with it. Here a batch reader loses the
//! messages it had already taken off a channel; a second version keeps its
//! progress outside the future and loses nothing.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time;

// ANCHOR: unsafe_reader
/// Collects exactly `size` messages. NOT cancellation safe: the messages
/// already received live in `batch`, a local of this future. If the future
/// is dropped at the `.await`, they are gone, and they have also left the
/// channel.
async fn read_batch(rx: &mut mpsc::Receiver<u32>, size: usize) -> Vec<u32> {
    let mut batch = Vec::with_capacity(size);
    while batch.len() < size {
        match rx.recv().await {
            Some(message) => batch.push(message),
            None => break, // channel closed: return what we have
        }
    }
    batch
}
// ANCHOR_END: unsafe_reader

// ANCHOR: safe_reader
/// The same job, cancellation safe: progress lives in `self.pending`, which
/// outlives any one call. Dropping a `fill` future loses nothing, because
/// each `.await` is `recv`, which is itself cancellation safe.
#[derive(Debug, Default)]
struct BatchReader {
    pending: Vec<u32>,
}

impl BatchReader {
    async fn fill(&mut self, rx: &mut mpsc::Receiver<u32>, size: usize) -> Vec<u32> {
        while self.pending.len() < size {
            match rx.recv().await {
                Some(message) => self.pending.push(message),
                None => break,
            }
        }
        std::mem::take(&mut self.pending)
    }
}
// ANCHOR_END: safe_reader

/// Sends 1, 2, 3 now, then 4..=6 after a 500 ms pause.
fn start_producer() -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        for message in 1..=6 {
            if message == 4 {
                time::sleep(Duration::from_millis(500)).await;
            }
            if tx.send(message).await.is_err() {
                return;
            }
        }
    });
    rx
}

const PATIENCE: Duration = Duration::from_millis(100);

// ANCHOR: demo
/// Tries to read a batch of 5 with 100 ms of patience, then reads again.
async fn unsafe_demo() -> (Option<Vec<u32>>, Vec<u32>) {
    let mut rx = start_producer();
    // After 100 ms the timeout drops the read_batch future, and 1, 2, 3 with it.
    let first = time::timeout(PATIENCE, read_batch(&mut rx, 5)).await.ok();
    let second = read_batch(&mut rx, 5).await; // channel closes after 6
    (first, second)
}

async fn safe_demo() -> (Option<Vec<u32>>, Vec<u32>) {
    let mut rx = start_producer();
    let mut reader = BatchReader::default();
    let first = time::timeout(PATIENCE, reader.fill(&mut rx, 5)).await.ok();
    let second = reader.fill(&mut rx, 5).await;
    (first, second)
}
// ANCHOR_END: demo

fn main() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let (first, second) = unsafe_demo().await;
        println!("read_batch:        first try {first:?}, second try {second:?}");
        let (first, second) = safe_demo().await;
        println!("BatchReader::fill: first try {first:?}, second try {second:?}");
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn dropping_read_batch_loses_what_it_had_received() {
        let (first, second) = unsafe_demo().await;
        assert_eq!(first, None);
        assert_eq!(second, [4, 5, 6]); // 1, 2 and 3 were lost
    }

    #[tokio::test(start_paused = true)]
    async fn batch_reader_keeps_its_progress_across_cancellation() {
        let (first, second) = safe_demo().await;
        assert_eq!(first, None);
        assert_eq!(second, [1, 2, 3, 4, 5]);
    }
}
