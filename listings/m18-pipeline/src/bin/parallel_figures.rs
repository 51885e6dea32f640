//! Lesson 18.3's figure: the parallel pipeline on the real corpus, with its
//! throughput and peak heap. Every ratio compares two measurements made in
//! this run, on this machine, on the same corpus:
//!
//! - `all-threads`: `parallel::summarize` on a pool of one thread and on a
//!   pool of one thread per core (the speed-up);
//! - `map-init`: a fresh `Preprocessor` for every document, and one per rayon
//!   job with `map_init`, both on one thread (what reusing the scratch
//!   buffers buys);
//! - `ordered-chunks`, `chunks-heap`: the counts reduced, and every chunk
//!   copied out and collected in document order (what keeping the output costs,
//!   in time and in heap);
//! - `one-document`: one large document, on one thread and on every core
//!   (rayon splits lists of items, not the items themselves).
//!
//! `cargo run --release -p m18-pipeline --bin parallel_figures`

use anyhow::{Context, Result};
use m18_pipeline::corpus;
use m18_pipeline::measure::{PeakAlloc, mb_per_second};
use m18_pipeline::pipeline::{Preprocessor, Summary, documents_memchr};
use m18_pipeline::{ChunkConfig, parallel};
use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::path::Path;
use std::time::{Duration, Instant};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc::new();

/// The corpus size: big enough that a pass takes a good fraction of a second
/// on one thread, small enough that the whole figure stays under ~20 s.
const CORPUS_BYTES: usize = 100_000_000;
/// The single large document of the `one-document` row.
const ONE_DOCUMENT_BYTES: usize = 16_000_000;
/// Each measurement is the best of this many passes.
const ROUNDS: usize = 5;

// ANCHOR: measure
/// One measured configuration: its best time and the most heap it allocated
/// beyond what existed before it started (the corpus itself is not counted).
#[derive(Debug, Clone, Copy)]
struct Run {
    time: Duration,
    peak_heap: usize,
}

impl Run {
    const NONE: Run = Run {
        time: Duration::MAX,
        peak_heap: 0,
    };

    /// Runs `work` once on `pool` and keeps the better time and the larger
    /// peak. The result is dropped before returning, so the next pass is not
    /// charged for it.
    fn pass<T: Send>(&mut self, pool: &ThreadPool, work: impl Fn() -> T + Sync) {
        let before = HEAP.current();
        HEAP.reset_peak();
        let started = Instant::now();
        let result = std::hint::black_box(pool.install(&work));
        self.time = self.time.min(started.elapsed());
        self.peak_heap = self.peak_heap.max(HEAP.peak().saturating_sub(before));
        drop(result);
    }
}

/// Measures two configurations in turns, A B A B …: whatever else the
/// machine does during the run slows both alike, so their ratio holds.
fn compare<A: Send, B: Send>(
    (pool_a, a): (&ThreadPool, impl Fn() -> A + Sync),
    (pool_b, b): (&ThreadPool, impl Fn() -> B + Sync),
) -> (Run, Run) {
    let (mut run_a, mut run_b) = (Run::NONE, Run::NONE);
    for _ in 0..ROUNDS {
        run_a.pass(pool_a, &a);
        run_b.pass(pool_b, &b);
    }
    (run_a, run_b)
}
// ANCHOR_END: measure

/// The baseline of the comparison: every document gets a new
/// `Preprocessor`, so its two buffers are allocated (and regrown) each time.
fn summarize_allocating(documents: &[&[u8]], config: ChunkConfig) -> Summary {
    documents
        .par_iter()
        .map(|document| Preprocessor::new(config).summarize(document))
        .reduce(Summary::default, Summary::merge)
}

fn pool(threads: usize) -> Result<ThreadPool> {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .with_context(|| format!("building a pool of {threads} threads"))
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A table cell: what was run, its throughput and its peak heap.
fn cell(label: &str, bytes: usize, run: Run) -> String {
    format!(
        "{label}: {:.0} MB/s, heap {}",
        mb_per_second(bytes, run.time),
        megabytes(run.peak_heap)
    )
}

fn main() -> Result<()> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = corpus::documentation(&workspace, CORPUS_BYTES)?;
    let documents: Vec<&[u8]> = documents_memchr(&text).collect();
    let config = ChunkConfig::DEFAULT;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (one, all) = (pool(1)?, pool(cores)?);
    let bytes = text.len();

    let summarize = || parallel::summarize(&documents, config);
    let (serial, parallel) = compare((&one, summarize), (&all, summarize));
    // On one thread: the allocator's cost, without the noise of a second thread.
    let (allocating, reusing) = compare(
        (&one, || summarize_allocating(&documents, config)),
        (&one, summarize),
    );
    let (counts, chunks) = compare(
        (&all, summarize),
        (&all, || parallel::chunks(&documents, config)),
    );

    // The same text as one document: the separators become spaces.
    let large: Vec<u8> = corpus::separators_as_spaces(&text[..ONE_DOCUMENT_BYTES]).collect();
    let single: [&[u8]; 1] = [&large];
    let summarize_large = || parallel::summarize(&single, config);
    let (large_serial, large_parallel) = compare((&one, summarize_large), (&all, summarize_large));

    let speed = |base: Run, other: Run| base.time.as_secs_f64() / other.time.as_secs_f64();
    let heap = |base: Run, other: Run| other.peak_heap as f64 / base.peak_heap.max(1) as f64;
    let threads = format!("{cores} threads");
    let rows = [
        (
            "all-threads",
            cell("1 thread", bytes, serial),
            cell(&threads, bytes, parallel),
            speed(serial, parallel),
            "throughput",
        ),
        (
            "map-init",
            cell("new per document, 1 thread", bytes, allocating),
            cell("map_init, 1 thread", bytes, reusing),
            speed(allocating, reusing),
            "throughput",
        ),
        (
            "ordered-chunks",
            cell("reduce counts", bytes, counts),
            cell("collect chunks", bytes, chunks),
            speed(counts, chunks),
            "throughput",
        ),
        (
            "chunks-heap",
            cell("reduce counts", bytes, counts),
            cell("collect chunks", bytes, chunks),
            heap(counts, chunks),
            "peak heap",
        ),
        (
            "one-document",
            cell("1 thread", ONE_DOCUMENT_BYTES, large_serial),
            cell(&threads, ONE_DOCUMENT_BYTES, large_parallel),
            speed(large_serial, large_parallel),
            "throughput",
        ),
    ];

    let ratios: Vec<String> = rows
        .iter()
        .map(|(name, _, _, ratio, _)| format!("{name}={ratio:.3}"))
        .collect();
    println!("<!-- figures: {} -->", ratios.join(" "));
    println!("| Comparison | A | B | B ÷ A |");
    println!("|---|---|---|---:|");
    for (name, a, b, ratio, what) in rows {
        println!("| {name} | {a} | {b} | {ratio:.2}× {what} |");
    }
    println!(
        "\n<p class=\"figure-note\">The Markdown documentation of every crate \
         <code>Cargo.lock</code> pins, repeated to {} MB ({} documents) and held in memory, \
         cut into chunks of {} tokens that overlap by {}; <code>one-document</code> is its \
         first {} MB as a single document. Best of {ROUNDS} passes each, the two sides of a row taking turns, on a rayon pool of \
         one thread and on one of {cores} threads, one per core of the machine that built this \
         book. Heap is the peak that <code>PeakAlloc</code> saw during a pass, beyond the corpus \
         itself. Measured by <code>cargo course figures --bless</code> (<code>cargo run \
         --release -p m18-pipeline --bin parallel_figures</code>).</p>",
        bytes / 1_000_000,
        documents.len(),
        config.max_tokens(),
        config.overlap(),
        ONE_DOCUMENT_BYTES / 1_000_000,
    );
    Ok(())
}
