//! Lesson 18.2's figure: reading a corpus file whole against streaming it
//! through buffers of three sizes, and against the two-stage pipeline
//! (reader task, bounded channel, rayon). Prints the Markdown table that
//! `cargo course figures --bless` writes to `figures/streaming.md`.
//!
//! `cargo run --release -p m18-pipeline --bin streaming_figures`

use anyhow::{Context, Result, ensure};
use m18_pipeline::measure::{self, PeakAlloc};
use m18_pipeline::pipeline::summarize_corpus;
use m18_pipeline::stream::{self, PipelineLimits, StreamLimits};
use m18_pipeline::temp::TempFile;
use m18_pipeline::{ChunkConfig, Summary};
use std::path::Path;
use std::time::{Duration, Instant};

/// Every allocation of the process is counted, so the figure can show the
/// heap's high-water mark for each way of reading.
#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc::new();

/// The corpus: about 100 MB of real Markdown.
const CORPUS_BYTES: usize = 100_000_000;
/// Each way is run this many times, interleaved; the best time is kept.
const ROUNDS: usize = 3;

#[derive(Debug, Clone, Copy)]
enum Way {
    Whole,
    Stream(usize),
    Pipeline(usize),
}

impl Way {
    fn name(self) -> String {
        match self {
            Way::Whole => "whole".into(),
            Way::Stream(buffer) => format!("stream-{}", size(buffer)),
            Way::Pipeline(buffer) => format!("pipeline-{}", size(buffer)),
        }
    }

    fn how(self) -> &'static str {
        match self {
            Way::Whole => "<code>tokio::fs::read</code>, then split in memory",
            Way::Stream(_) => "<code>summarize_file</code> (one task)",
            Way::Pipeline(_) => "<code>summarize_file_pipelined</code> (reader + rayon)",
        }
    }

    fn buffer(self) -> String {
        match self {
            Way::Whole => "the whole file".into(),
            Way::Stream(buffer) | Way::Pipeline(buffer) => size(buffer),
        }
    }

    async fn run(self, path: &Path, config: ChunkConfig) -> Result<Summary> {
        let limits = |buffer_bytes| StreamLimits {
            buffer_bytes,
            ..StreamLimits::DEFAULT
        };
        Ok(match self {
            Way::Whole => {
                let corpus = tokio::fs::read(path).await?;
                summarize_corpus(&corpus, config)
            }
            Way::Stream(buffer) => stream::summarize_file(path, config, limits(buffer)).await?,
            Way::Pipeline(buffer) => {
                stream::summarize_file_pipelined(
                    path,
                    config,
                    limits(buffer),
                    PipelineLimits::DEFAULT,
                )
                .await?
                .summary
            }
        })
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{}MiB", bytes >> 20)
    } else {
        format!("{}KiB", bytes >> 10)
    }
}

/// The best time, the heap's and the resident set's high-water marks.
#[derive(Debug, Clone, Copy)]
struct Measured {
    best: Duration,
    peak_heap: usize,
    peak_rss: Option<u64>,
}

#[tokio::main]
async fn main() -> Result<()> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = m18_pipeline::corpus::documentation(&workspace, CORPUS_BYTES)?;
    let file = TempFile::write("streaming-figures", &corpus)
        .await
        .context("writing the corpus to the temporary directory")?;
    let config = ChunkConfig::DEFAULT;
    let expected = summarize_corpus(&corpus, config);
    let (corpus_bytes, documents) = (corpus.len(), expected.documents);
    drop(corpus);

    let ways = [
        Way::Whole,
        Way::Stream(4 << 10),
        Way::Stream(64 << 10),
        Way::Stream(1 << 20),
        Way::Pipeline(64 << 10),
    ];
    let mut measured: Vec<Option<Measured>> = vec![None; ways.len()];
    for _ in 0..ROUNDS {
        for (way, slot) in ways.iter().zip(&mut measured) {
            HEAP.reset_peak();
            let baseline_heap = HEAP.current();
            // After the reset, the high-water mark is the resident size now.
            let baseline_rss = measure::reset_peak_rss().then(measure::peak_rss).flatten();
            let started = Instant::now();
            let summary = way.run(file.path(), config).await?;
            let elapsed = started.elapsed();
            ensure!(summary == expected, "{} summarised differently", way.name());
            let now = Measured {
                best: elapsed,
                peak_heap: HEAP.peak() - baseline_heap,
                peak_rss: measure::peak_rss()
                    .zip(baseline_rss)
                    .map(|(peak, baseline)| peak.saturating_sub(baseline)),
            };
            *slot = Some(match *slot {
                None => now,
                Some(before) => Measured {
                    best: before.best.min(now.best),
                    peak_heap: before.peak_heap.max(now.peak_heap),
                    peak_rss: before.peak_rss.max(now.peak_rss),
                },
            });
        }
    }

    let measured: Vec<Measured> = measured.into_iter().flatten().collect();
    let whole = measure::mb_per_second(corpus_bytes, measured[0].best);
    let rows: Vec<(Way, Measured, f64)> = ways
        .iter()
        .zip(&measured)
        .map(|(&way, &m)| (way, m, measure::mb_per_second(corpus_bytes, m.best)))
        .collect();
    let ratios: Vec<String> = rows
        .iter()
        .map(|(way, _, rate)| format!("{}={:.3}", way.name(), rate / whole))
        .collect();
    println!("<!-- figures: {} -->", ratios.join(" "));
    println!(
        "| Way | How | Read buffer | Throughput | Peak heap | Peak RSS | Throughput ÷ whole |"
    );
    println!("|---|---|---|---:|---:|---:|---:|");
    for (way, m, rate) in &rows {
        let rss = m.peak_rss.map_or("n/a".into(), |bytes| {
            format!("{:.1} MB", bytes as f64 / 1e6)
        });
        println!(
            "| {} | {} | {} | {:.0} MB/s | {:.1} MB | {} | {:.2}× |",
            way.name(),
            way.how(),
            way.buffer(),
            rate,
            m.peak_heap as f64 / 1e6,
            rss,
            rate / whole,
        );
    }
    println!();
    println!(
        "<p class=\"figure-note\">One {:.0} MB corpus file ({documents} documents: the Markdown \
         documentation of the crates <code>Cargo.lock</code> pins, repeated), written once to the \
         temporary directory and deleted afterwards, so every read comes from the page cache: the \
         figure measures system calls, copies and preprocessing, not the disk. Each way ran {ROUNDS} \
         times, interleaved; the best time is shown, and the highest peaks. Peak heap is the high-water mark \
         of the process's counting allocator above what was allocated when the run started; peak \
         RSS, the same for the process's resident memory (<code>VmHWM</code> after a reset, less \
         the resident size at the start), so the binary and the runtime are not counted. Streaming caps documents at {} MiB; the pipeline sends 1 MiB \
         batches through a channel of 2, to rayon on {} threads. Measured by <code>cargo course \
         figures --bless</code> on the {}-core machine that built this book.</p>",
        corpus_bytes as f64 / 1e6,
        StreamLimits::DEFAULT.max_document_bytes >> 20,
        rayon::current_num_threads(),
        std::thread::available_parallelism().map_or(1, usize::from),
    );
    Ok(())
}
