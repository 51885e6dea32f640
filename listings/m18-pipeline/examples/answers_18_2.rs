//! Answers to the exercises of lesson 18.2.
//!
//! `cargo run -p m18-pipeline --example answers_18_2`

use m18_pipeline::stream::{Batch, PipelineLimits, StreamLimits};
use m18_pipeline::temp::TempFile;
use m18_pipeline::{ChunkConfig, Summary, corpus, parallel};
use std::io;
use std::path::Path;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::sync::mpsc;

// ANCHOR: answer1
/// `read_until` with a cap: reads up to and including `delimiter`, but
/// never more than `max_bytes` of record (plus the delimiter). `take` hands
/// `read_until` a reader that reports the end of input after `max_bytes + 1`
/// bytes, so a record without an end cannot grow the buffer further.
async fn read_until_capped<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    delimiter: u8,
    record: &mut Vec<u8>,
    max_bytes: usize,
) -> io::Result<usize> {
    let limit = u64::try_from(max_bytes).map_or(u64::MAX, |max| max.saturating_add(1));
    let read = reader.take(limit).read_until(delimiter, record).await?;
    if read > max_bytes && record.last() != Some(&delimiter) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a record is longer than the {max_bytes}-byte limit"),
        ));
    }
    Ok(read)
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The pipeline with its batches recycled: the processing stage clears each
/// batch it is done with and sends it back, and the reader fills a returned
/// batch before it allocates a new one. Returns the summary and how many
/// batches were ever allocated.
async fn summarize_recycling(
    path: &Path,
    config: ChunkConfig,
    limits: StreamLimits,
    pipeline: PipelineLimits,
) -> io::Result<(Summary, usize)> {
    let file = tokio::fs::File::open(path).await?;
    let mut reader = BufReader::with_capacity(limits.buffer_bytes, file);
    let (full, mut to_process) = mpsc::channel::<Batch>(pipeline.queued_batches);
    // Room for every batch that can exist, so giving one back never waits.
    let (give_back, mut returned) = mpsc::channel::<Batch>(pipeline.queued_batches + 2);
    let processing = tokio::task::spawn_blocking(move || {
        let mut summary = Summary::default();
        while let Some(mut batch) = to_process.blocking_recv() {
            let documents: Vec<&[u8]> = batch.documents().collect();
            summary = summary.merge(parallel::summarize(&documents, config));
            batch.clear();
            // The reader may be gone already (it has read everything): fine.
            let _ = give_back.try_send(batch);
        }
        summary
    });

    let mut allocated = 0;
    let mut next_batch = || {
        returned.try_recv().unwrap_or_else(|_| {
            allocated += 1;
            Batch::default()
        })
    };
    let mut document = Vec::new();
    let mut batch = next_batch();
    let mut failed = None;
    loop {
        match m18_pipeline::stream::next_document(
            &mut reader,
            &mut document,
            limits.max_document_bytes,
        )
        .await
        {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                failed = Some(error);
                break;
            }
        }
        batch.push(&document);
        if batch.byte_len() >= pipeline.batch_bytes {
            // Send first, then take the next batch: a batch is taken only
            // once the one before it is in the channel.
            if full.send(std::mem::take(&mut batch)).await.is_err() {
                break;
            }
            batch = next_batch();
        }
    }
    if !batch.is_empty() && failed.is_none() {
        let _ = full.send(batch).await;
    }
    drop(full);
    let summary = processing.await.map_err(io::Error::other)?;
    match failed {
        Some(error) => Err(error),
        None => Ok((summary, allocated)),
    }
}
// ANCHOR_END: answer2

#[tokio::main]
async fn main() -> io::Result<()> {
    let mut reader = BufReader::new(&b"short\x1eno end in sight"[..]);
    let mut record = Vec::new();
    let read = read_until_capped(&mut reader, 0x1E, &mut record, 8).await?;
    println!(
        "answer 1: {read} bytes, {:?}",
        String::from_utf8_lossy(&record)
    );
    record.clear();
    match read_until_capped(&mut reader, 0x1E, &mut record, 8).await {
        Ok(read) => println!("answer 1: {read} bytes"),
        Err(error) => println!("answer 1: {error} (holding {} bytes)", record.len()),
    }

    let corpus = corpus::synthetic(18, 2_000);
    let file = TempFile::write("answers-18-2", &corpus).await?;
    let pipeline = PipelineLimits {
        batch_bytes: 64 * 1024,
        queued_batches: 2,
    };
    let (summary, allocated) = summarize_recycling(
        file.path(),
        ChunkConfig::DEFAULT,
        StreamLimits::DEFAULT,
        pipeline,
    )
    .await?;
    println!(
        "answer 2: {} documents, at most {} batches allocated: {}",
        summary.documents,
        pipeline.queued_batches + 2,
        allocated <= pipeline.queued_batches + 2
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use m18_pipeline::pipeline::summarize_corpus;

    #[tokio::test]
    async fn a_capped_read_until_reads_records_and_refuses_a_long_one() {
        let mut reader = BufReader::with_capacity(3, &b"12345678\x1eabc\x1e123456789\x1elast"[..]);
        let mut record = Vec::new();
        // Exactly the limit, plus its delimiter: accepted.
        let read = read_until_capped(&mut reader, 0x1E, &mut record, 8)
            .await
            .expect("fits");
        assert_eq!((read, record.as_slice()), (9, &b"12345678\x1e"[..]));
        record.clear();
        read_until_capped(&mut reader, 0x1E, &mut record, 8)
            .await
            .expect("fits");
        assert_eq!(record, b"abc\x1e");
        record.clear();
        // One byte too many: refused, holding no more than limit + 1 bytes.
        let error = read_until_capped(&mut reader, 0x1E, &mut record, 8)
            .await
            .expect_err("too long");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert_eq!(record.len(), 9);
    }

    #[tokio::test]
    async fn the_last_record_may_end_without_a_delimiter() {
        let mut reader = BufReader::new(&b"tail"[..]);
        let mut record = Vec::new();
        let read = read_until_capped(&mut reader, 0x1E, &mut record, 8)
            .await
            .expect("fits");
        assert_eq!((read, record.as_slice()), (4, &b"tail"[..]));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn recycled_batches_give_the_same_summary_with_few_allocations() {
        let corpus = corpus::synthetic(11, 600);
        let file = TempFile::write("answers-18-2-test", &corpus)
            .await
            .expect("temp dir is writable");
        let pipeline = PipelineLimits {
            batch_bytes: 4096,
            queued_batches: 2,
        };
        let limits = StreamLimits {
            buffer_bytes: 1024,
            max_document_bytes: 1 << 20,
        };
        let (summary, allocated) =
            summarize_recycling(file.path(), ChunkConfig::DEFAULT, limits, pipeline)
                .await
                .expect("readable");
        assert_eq!(summary, summarize_corpus(&corpus, ChunkConfig::DEFAULT));
        // Dozens of batches went through; at most four were ever allocated.
        assert!(corpus.len() / pipeline.batch_bytes > 40);
        assert!((1..=pipeline.queued_batches + 2).contains(&allocated));
    }
}
