//! Streaming a corpus file of any size through the pipeline in bounded
//! memory: one read buffer and one document at a time.

use crate::chunk::ChunkConfig;
use crate::parallel;
use crate::pipeline::{DOCUMENT_SEPARATOR, Preprocessor, Summary};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

// ANCHOR: limits
/// How much memory streaming may use: the read buffer, and the longest
/// document it will hold while looking for the document's end.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    pub buffer_bytes: usize,
    pub max_document_bytes: usize,
}

impl StreamLimits {
    pub const DEFAULT: StreamLimits = StreamLimits {
        buffer_bytes: 64 * 1024,
        max_document_bytes: 8 * 1024 * 1024,
    };
}
// ANCHOR_END: limits

// ANCHOR: next_document
/// Reads the next document into `document` (cleared first). Returns `false`
/// at the end of the input. A document longer than `max_bytes` is an
/// error, not a reason to keep growing the buffer: without the cap, one
/// file with no separator would be read whole into memory.
pub async fn next_document<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    document: &mut Vec<u8>,
    max_bytes: usize,
) -> io::Result<bool> {
    document.clear();
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(!document.is_empty());
        }
        let (taken, complete) = match memchr::memchr(DOCUMENT_SEPARATOR, available) {
            Some(at) => (at, true),
            None => (available.len(), false),
        };
        if document.len() + taken > max_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a document is longer than the {max_bytes}-byte limit"),
            ));
        }
        document.extend_from_slice(&available[..taken]);
        // Consume the separator too, so the next call starts after it.
        reader.consume(taken + usize::from(complete));
        if complete && !document.is_empty() {
            return Ok(true);
        }
    }
}
// ANCHOR_END: next_document

// ANCHOR: summarize_file
/// Preprocesses every document of the file at `path`, reading it through a
/// buffer of `limits.buffer_bytes`. Memory stays at the buffer plus the
/// longest document, whether the file holds a megabyte or a terabyte.
pub async fn summarize_file(
    path: &Path,
    config: ChunkConfig,
    limits: StreamLimits,
) -> io::Result<Summary> {
    let file = tokio::fs::File::open(path).await?;
    let mut reader = BufReader::with_capacity(limits.buffer_bytes, file);
    let mut document = Vec::new();
    let mut preprocessor = Preprocessor::new(config);
    let mut summary = Summary::default();
    while next_document(&mut reader, &mut document, limits.max_document_bytes).await? {
        summary = summary.merge(preprocessor.summarize(&document));
    }
    Ok(summary)
}
// ANCHOR_END: summarize_file

// ANCHOR: batch
/// Documents packed end to end into one buffer, so one allocation carries
/// many documents to the processing stage. Its size is the unit the
/// pipeline's memory bound is counted in.
#[derive(Debug, Default)]
pub struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    pub fn push(&mut self, document: &[u8]) {
        self.bytes.extend_from_slice(document);
        self.ends.push(self.bytes.len());
    }

    /// The bytes of all documents in the batch.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Empties the batch but keeps its memory, so it can be filled again.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// The documents, as slices of the batch's buffer.
    pub fn documents(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let document = &self.bytes[start..end];
            start = end;
            document
        })
    }
}
// ANCHOR_END: batch

// ANCHOR: pipeline_limits
/// How far the reader may run ahead of the processing stage.
#[derive(Debug, Clone, Copy)]
pub struct PipelineLimits {
    /// A batch is sent once it holds at least this many bytes.
    pub batch_bytes: usize,
    /// How many batches the channel holds. When it is full, the reader waits.
    pub queued_batches: usize,
}

impl PipelineLimits {
    pub const DEFAULT: PipelineLimits = PipelineLimits {
        batch_bytes: 1024 * 1024,
        queued_batches: 2,
    };
}

/// What the pipeline did, and how far ahead of the processing the reader got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineReport {
    pub summary: Summary,
    pub batches: usize,
    /// The most batches read but not yet processed at any one time: those
    /// in the channel, the one being processed and the one being sent.
    pub max_ahead: usize,
}
// ANCHOR_END: pipeline_limits

/// Batches read and batches processed, counted by the two stages.
#[derive(Debug, Default)]
struct Progress {
    read: AtomicUsize,
    processed: AtomicUsize,
    max_ahead: AtomicUsize,
}

impl Progress {
    /// Called by the reader before it sends a batch. A batch is counted as
    /// read before it can be processed, so `read >= processed` always.
    fn read_one(&self) {
        let read = self.read.fetch_add(1, Ordering::SeqCst) + 1;
        let ahead = read - self.processed.load(Ordering::SeqCst);
        self.max_ahead.fetch_max(ahead, Ordering::SeqCst);
    }

    fn processed_one(&self) {
        self.processed.fetch_add(1, Ordering::SeqCst);
    }
}

// ANCHOR: read_batches
/// The reader stage: documents packed into batches and sent into `batches`.
/// `send` waits while the channel is full: that wait is the backpressure
/// that keeps the reader a few batches ahead of the processing, never a
/// whole file ahead.
async fn read_batches<R: AsyncBufRead + Unpin>(
    mut reader: R,
    batches: mpsc::Sender<Batch>,
    limits: StreamLimits,
    batch_bytes: usize,
    progress: &Progress,
) -> io::Result<()> {
    let mut document = Vec::new();
    let mut batch = Batch::default();
    while next_document(&mut reader, &mut document, limits.max_document_bytes).await? {
        batch.push(&document);
        if batch.byte_len() >= batch_bytes {
            progress.read_one();
            if batches.send(std::mem::take(&mut batch)).await.is_err() {
                return Ok(()); // The processing stage stopped; its join says why.
            }
        }
    }
    if !batch.is_empty() {
        progress.read_one();
        // As above: if this fails, the processing stage's join reports why.
        let _ = batches.send(batch).await;
    }
    Ok(())
}
// ANCHOR_END: read_batches

// ANCHOR: process_batches
/// The processing stage, on a thread of its own: it takes batches until the
/// reader hangs up, and spreads each batch's documents over rayon's threads.
/// `blocking_recv` parks this thread, not a runtime worker.
fn process_batches(
    mut batches: mpsc::Receiver<Batch>,
    config: ChunkConfig,
    progress: &Progress,
) -> Summary {
    let mut summary = Summary::default();
    while let Some(batch) = batches.blocking_recv() {
        let documents: Vec<&[u8]> = batch.documents().collect();
        summary = summary.merge(parallel::summarize(&documents, config));
        progress.processed_one();
    }
    summary
}
// ANCHOR_END: process_batches

// ANCHOR: pipelined
/// [`summarize_file`] in two stages: this task reads and batches, a
/// `spawn_blocking` thread (and rayon) preprocesses. A bounded channel
/// between them caps memory at about `queued_batches + 2` batches, plus the
/// read buffers, whatever the file's size.
pub async fn summarize_file_pipelined(
    path: &Path,
    config: ChunkConfig,
    limits: StreamLimits,
    pipeline: PipelineLimits,
) -> io::Result<PipelineReport> {
    let file = tokio::fs::File::open(path).await?;
    let reader = BufReader::with_capacity(limits.buffer_bytes, file);
    let (sender, receiver) = mpsc::channel(pipeline.queued_batches);
    let progress = Arc::new(Progress::default());
    let processing = {
        let progress = Arc::clone(&progress);
        tokio::task::spawn_blocking(move || process_batches(receiver, config, &progress))
    };
    // `sender` moves into the reader stage and is dropped when it returns,
    // which closes the channel: the processing stage then finishes.
    let read = read_batches(reader, sender, limits, pipeline.batch_bytes, &progress).await;
    let summary = match processing.await {
        Ok(summary) => summary,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Err(failed) => return Err(io::Error::other(failed)),
    };
    read?;
    Ok(PipelineReport {
        summary,
        batches: progress.read.load(Ordering::SeqCst),
        max_ahead: progress.max_ahead.load(Ordering::SeqCst),
    })
}
// ANCHOR_END: pipelined

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;
    use crate::pipeline::summarize_corpus;

    #[tokio::test]
    async fn documents_are_read_across_buffer_boundaries() {
        // A 3-byte buffer: every document spans several reads.
        let mut reader = BufReader::with_capacity(3, &b"first doc\x1e\x1esecond\x1elast"[..]);
        let mut document = Vec::new();
        let mut seen = Vec::new();
        while next_document(&mut reader, &mut document, 100)
            .await
            .expect("in memory")
        {
            seen.push(String::from_utf8(document.clone()).expect("ASCII"));
        }
        assert_eq!(seen, ["first doc", "second", "last"]);
    }

    #[tokio::test]
    async fn a_document_over_the_limit_is_an_error() {
        let mut reader = BufReader::with_capacity(4, &b"0123456789"[..]);
        let error = next_document(&mut reader, &mut Vec::new(), 8)
            .await
            .expect_err("over the limit");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[tokio::test]
    async fn a_streamed_file_gives_the_in_memory_summary() {
        let corpus = corpus::synthetic(3, 200);
        let file = crate::temp::TempFile::write("stream-test", &corpus)
            .await
            .expect("temp dir is writable");
        let limits = StreamLimits {
            buffer_bytes: 1024,
            max_document_bytes: 1 << 20,
        };
        let streamed = summarize_file(file.path(), ChunkConfig::DEFAULT, limits).await;
        assert_eq!(
            streamed.expect("readable"),
            summarize_corpus(&corpus, ChunkConfig::DEFAULT)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_pipeline_gives_the_same_summary_and_stays_bounded() {
        let corpus = corpus::synthetic(5, 400);
        let file = crate::temp::TempFile::write("pipeline-test", &corpus)
            .await
            .expect("temp dir is writable");
        let limits = StreamLimits {
            buffer_bytes: 512,
            max_document_bytes: 1 << 20,
        };
        let pipeline = PipelineLimits {
            batch_bytes: 4096,
            queued_batches: 1,
        };
        let report =
            summarize_file_pipelined(file.path(), ChunkConfig::DEFAULT, limits, pipeline).await;
        let report = report.expect("readable");
        assert_eq!(
            report.summary,
            summarize_corpus(&corpus, ChunkConfig::DEFAULT)
        );
        assert!(report.batches > 10, "{} batches", report.batches);
        assert!(report.max_ahead <= pipeline.queued_batches + 2);
    }

    #[test]
    fn a_batch_gives_back_its_documents() {
        let mut batch = Batch::default();
        batch.push(b"one");
        batch.push(b"");
        batch.push(b"three");
        assert_eq!(batch.byte_len(), 8);
        assert_eq!(
            batch.documents().collect::<Vec<_>>(),
            [&b"one"[..], b"", b"three"]
        );
        batch.clear();
        assert!(batch.is_empty());
    }
}
