//! Lesson 18.2: the two-stage pipeline (a reader task, a bounded channel, a
//! `spawn_blocking` thread that hands batches to rayon) at three channel
//! capacities: the same summary each time, and a reader that never gets
//! more than `capacity + 2` batches ahead of the processing.
//!
//! `cargo run -p m18-pipeline --example stream_backpressure`

use m18_pipeline::pipeline::summarize_corpus;
use m18_pipeline::stream::{PipelineLimits, StreamLimits, summarize_file_pipelined};
use m18_pipeline::temp::TempFile;
use m18_pipeline::{ChunkConfig, corpus};
use std::io;

// ANCHOR: bound
/// The most bytes of the file the pipeline holds at once, whatever the
/// file's size: the `BufReader`'s buffer and `tokio::fs::File`'s own, the
/// document being assembled, and `capacity + 2` batches, each of which can
/// overshoot `batch_bytes` by up to one document. (Each rayon thread's
/// scratch space comes on top; it grows with the longest document.)
fn memory_bound(limits: StreamLimits, pipeline: PipelineLimits) -> usize {
    let batch = pipeline.batch_bytes + limits.max_document_bytes;
    2 * limits.buffer_bytes + limits.max_document_bytes + (pipeline.queued_batches + 2) * batch
}
// ANCHOR_END: bound

// ANCHOR: main
#[tokio::main]
async fn main() -> io::Result<()> {
    let config = ChunkConfig::DEFAULT;
    let corpus = corpus::synthetic(18, 2_000);
    let file = TempFile::write("stream-backpressure", &corpus).await?;
    let expected = summarize_corpus(&corpus, config);
    println!("corpus file: {} bytes", corpus.len());

    let limits = StreamLimits {
        buffer_bytes: 64 * 1024,
        max_document_bytes: 64 * 1024,
    };
    for queued_batches in [1, 2, 8] {
        let pipeline = PipelineLimits {
            batch_bytes: 128 * 1024,
            queued_batches,
        };
        let report = summarize_file_pipelined(file.path(), config, limits, pipeline).await?;
        let bound = queued_batches + 2;
        assert!(report.max_ahead <= bound, "{report:?}");
        println!(
            "channel of {queued_batches}: {} batches, same summary: {}, \
             reader ahead by at most {bound} batches, memory bound {} KiB",
            report.batches,
            report.summary == expected,
            memory_bound(limits, pipeline) >> 10,
        );
    }
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_capacity_gives_the_same_summary_within_its_bound() {
        let corpus = corpus::synthetic(9, 500);
        let file = TempFile::write("stream-backpressure-test", &corpus)
            .await
            .expect("temp dir is writable");
        let limits = StreamLimits {
            buffer_bytes: 1024,
            max_document_bytes: 1 << 20,
        };
        for queued_batches in [1, 4] {
            let pipeline = PipelineLimits {
                batch_bytes: 2048,
                queued_batches,
            };
            let report =
                summarize_file_pipelined(file.path(), ChunkConfig::DEFAULT, limits, pipeline)
                    .await
                    .expect("readable");
            assert_eq!(
                report.summary,
                summarize_corpus(&corpus, ChunkConfig::DEFAULT)
            );
            assert!(report.batches > 20);
            assert!((1..=queued_batches + 2).contains(&report.max_ahead));
        }
    }

    #[tokio::test]
    async fn a_document_over_the_limit_stops_the_pipeline_with_an_error() {
        let file = TempFile::write("stream-backpressure-long", &vec![b'a'; 100_000])
            .await
            .expect("temp dir is writable");
        let limits = StreamLimits {
            buffer_bytes: 4096,
            max_document_bytes: 10_000,
        };
        let error = summarize_file_pipelined(
            file.path(),
            ChunkConfig::DEFAULT,
            limits,
            PipelineLimits::DEFAULT,
        )
        .await
        .expect_err("the only document is too long");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn the_bound_counts_buffers_document_and_batches() {
        let limits = StreamLimits {
            buffer_bytes: 10,
            max_document_bytes: 100,
        };
        let pipeline = PipelineLimits {
            batch_bytes: 1000,
            queued_batches: 2,
        };
        assert_eq!(memory_bound(limits, pipeline), 20 + 100 + 4 * 1100);
    }
}
