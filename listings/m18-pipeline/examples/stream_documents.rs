//! Lesson 18.2: a corpus file read whole, then streamed document by document
//! through buffers of four sizes; a file with no separator, which only the
//! capped reader refuses.
//!
//! `cargo run -p m18-pipeline --example stream_documents`

use m18_pipeline::pipeline::summarize_corpus;
use m18_pipeline::stream::{self, StreamLimits};
use m18_pipeline::temp::TempFile;
use m18_pipeline::{ChunkConfig, Summary, corpus};
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader, ReadBuf};

// ANCHOR: read_whole
/// The simple way: the whole file in one `Vec`, split in place. Memory grows
/// with the file: a 40 GB corpus needs 40 GB of RAM.
async fn summarize_whole(path: &Path, config: ChunkConfig) -> io::Result<Summary> {
    let corpus = tokio::fs::read(path).await?;
    Ok(summarize_corpus(&corpus, config))
}
// ANCHOR_END: read_whole

// ANCHOR: count_reads
/// An `AsyncRead` that counts the reads that brought bytes in: one per
/// refill of the `BufReader` above it.
struct CountReads<R> {
    inner: R,
    reads: usize,
}

impl<R: AsyncRead + Unpin> AsyncRead for CountReads<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.reads += 1;
        }
        polled
    }
}

/// Streams the file through a `buffer_bytes` buffer; returns the summary
/// and how many reads it took.
async fn stream_counting(
    path: &Path,
    config: ChunkConfig,
    buffer_bytes: usize,
) -> io::Result<(Summary, usize)> {
    let file = tokio::fs::File::open(path).await?;
    let mut reader = BufReader::with_capacity(
        buffer_bytes,
        CountReads {
            inner: file,
            reads: 0,
        },
    );
    let mut preprocessor = m18_pipeline::Preprocessor::new(config);
    let (mut document, mut summary) = (Vec::new(), Summary::default());
    let max_bytes = StreamLimits::DEFAULT.max_document_bytes;
    while stream::next_document(&mut reader, &mut document, max_bytes).await? {
        summary = summary.merge(preprocessor.summarize(&document));
    }
    Ok((summary, reader.get_ref().reads))
}
// ANCHOR_END: count_reads

// ANCHOR: no_separator
/// What each reader does with a file that has no separator at all (a
/// binary file passed by mistake, a corpus written without separators): the
/// capped reader stops at its limit, `read_until` reads to the end.
async fn read_unseparated(path: &Path, limit: usize) -> io::Result<()> {
    let file = tokio::fs::File::open(path).await?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut document = Vec::new();
    match stream::next_document(&mut reader, &mut document, limit).await {
        Ok(_) => println!("next_document: read a document"),
        Err(error) => println!("next_document: {error} (holding {} bytes)", document.len()),
    }

    let file = tokio::fs::File::open(path).await?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::new();
    let read = reader
        .read_until(m18_pipeline::DOCUMENT_SEPARATOR, &mut line)
        .await?;
    println!("read_until: {read} bytes in one \"document\", no error");
    Ok(())
}
// ANCHOR_END: no_separator

// ANCHOR: main
#[tokio::main]
async fn main() -> io::Result<()> {
    let config = ChunkConfig::DEFAULT;
    let corpus = corpus::synthetic(18, 2_000);
    let file = TempFile::write("stream-documents", &corpus).await?;
    println!("corpus file: {} bytes", corpus.len());

    let whole = summarize_whole(file.path(), config).await?;
    println!("read whole: {whole:?}");
    for buffer_bytes in [4 << 10, 64 << 10, 1 << 20, 8 << 20] {
        let (streamed, reads) = stream_counting(file.path(), config, buffer_bytes).await?;
        println!(
            "buffer {:>4} KiB: {reads:>4} reads, same summary: {}",
            buffer_bytes >> 10,
            streamed == whole
        );
    }

    let unseparated = TempFile::write("unseparated", &vec![b'a'; 1 << 20]).await?;
    read_unseparated(unseparated.path(), 256 * 1024).await
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn streaming_at_every_buffer_size_gives_the_whole_file_summary() {
        let corpus = corpus::synthetic(4, 300);
        let file = TempFile::write("stream-test-sizes", &corpus)
            .await
            .expect("temp dir is writable");
        let whole = summarize_whole(file.path(), ChunkConfig::DEFAULT)
            .await
            .expect("readable");
        for buffer_bytes in [7, 4096, 1 << 20] {
            let (streamed, reads) =
                stream_counting(file.path(), ChunkConfig::DEFAULT, buffer_bytes)
                    .await
                    .expect("readable");
            assert_eq!(streamed, whole);
            // One read per full buffer: the file's size, rounded up.
            assert_eq!(reads, corpus.len().div_ceil(buffer_bytes));
        }
    }

    #[tokio::test]
    async fn tokio_files_read_at_most_two_mebibytes_at_a_time() {
        let file = TempFile::write("stream-test-cap", &vec![b'x'; 5 << 20])
            .await
            .expect("temp dir is writable");
        let (_, reads) = stream_counting(file.path(), ChunkConfig::DEFAULT, 8 << 20)
            .await
            .expect("readable");
        // An 8 MiB buffer, but tokio::fs::File reads 2 MiB per call: 2 + 2 + 1.
        assert_eq!(reads, 3);
    }

    #[tokio::test]
    async fn a_file_without_separators_is_refused_at_the_limit() {
        let file = TempFile::write("stream-test-unseparated", &vec![b'a'; 300_000])
            .await
            .expect("temp dir is writable");
        let handle = tokio::fs::File::open(file.path()).await.expect("readable");
        let mut reader = BufReader::with_capacity(4096, handle);
        let mut document = Vec::new();
        let error = stream::next_document(&mut reader, &mut document, 100_000)
            .await
            .expect_err("over the limit");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        // It stopped before the limit: at most one buffer below it.
        assert!(document.len() <= 100_000);

        let handle = tokio::fs::File::open(file.path()).await.expect("readable");
        let mut reader = BufReader::with_capacity(4096, handle);
        let mut line = Vec::new();
        let read = reader
            .read_until(b'\x1e', &mut line)
            .await
            .expect("readable");
        assert_eq!(read, 300_000, "read_until has no limit");
    }
}
