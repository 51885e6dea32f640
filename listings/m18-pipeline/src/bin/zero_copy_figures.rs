//! Lesson 18.1's figure: the copying way and the zero-copy way of three
//! pieces of preprocessing, on the real corpus, with their throughput and
//! their peak heap.
//!
//! `cargo run --release -p m18-pipeline --bin zero_copy_figures`
//!
//! Prints the Markdown table the book includes (`figures/zero_copy.md`); its
//! first line holds the speed-ups `cargo course figures --check` compares.

use anyhow::{Result, bail};
use bytes::Bytes;
use m18_pipeline::measure::{PeakAlloc, best_of, mb_per_second};
use m18_pipeline::normalize::lowercase;
use m18_pipeline::pipeline::{documents, documents_memchr};
use m18_pipeline::pretokenize::{Span, tokens};
use m18_pipeline::zero_copy::{copied_chunks, owned_tokens, shared_chunks};
use m18_pipeline::{ChunkConfig, corpus};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc::new();

/// Big enough that one pass takes tens of milliseconds or more, small enough
/// that the whole program stays under about twenty seconds on two cores.
const CORPUS_BYTES: usize = 32_000_000;

/// One way of doing the work, measured.
struct Measured {
    time: Duration,
    /// The heap's high-water mark above what was allocated before the work.
    peak_heap: usize,
    /// What the work counted, so two ways can be checked to agree.
    count: usize,
}

/// The best time of `rounds` runs of `work`, and the most heap any run
/// held at once on top of what was allocated already (the corpus).
fn measure(rounds: usize, mut work: impl FnMut() -> usize) -> Measured {
    let before = HEAP.current();
    HEAP.reset_peak();
    let (time, count) = best_of(rounds, &mut work);
    Measured {
        time,
        peak_heap: HEAP.peak() - before,
        count,
    }
}

/// Tokens of every document, normalised, each kept as a `String` until the
/// document is done: the Python-style way.
fn tokens_owned(corpus: &[u8]) -> usize {
    documents_memchr(corpus)
        .filter_map(|document| std::str::from_utf8(document).ok())
        .map(|document| black_box(owned_tokens(document)).len())
        .sum()
}

/// The same tokens as spans of the (usually borrowed) normalised text, in
/// one span buffer reused for every document.
fn tokens_borrowed(corpus: &[u8]) -> usize {
    let mut spans: Vec<Span> = Vec::new();
    documents_memchr(corpus)
        .filter(|document| std::str::from_utf8(document).is_ok())
        .map(|document| {
            let lowered = lowercase(document);
            spans.clear();
            spans.extend(tokens(&lowered));
            black_box(&spans).len()
        })
        .sum()
}

fn megabytes(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.0} kB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} B")
    }
}

/// One table row: the baseline and this lesson's way, side by side.
fn row(name: &str, bytes: usize, baseline: &Measured, zero_copy: &Measured) -> (String, f64) {
    assert_eq!(
        baseline.count, zero_copy.count,
        "{name}: both ways must find the same things"
    );
    let (slow, fast) = (
        mb_per_second(bytes, baseline.time),
        mb_per_second(bytes, zero_copy.time),
    );
    let speed_up = fast / slow;
    let line = format!(
        "| {name} | {slow:.0} MB/s | {fast:.0} MB/s | {speed_up:.1}× | {} | {} |",
        megabytes(baseline.peak_heap),
        megabytes(zero_copy.peak_heap),
    );
    (line, speed_up)
}

/// The rows, in order: each measures its baseline and its zero-copy way
/// in the same run.
const ROWS: [&str; 3] = ["tokens", "documents", "chunks"];

fn main() -> Result<()> {
    // `--only NAME` measures one row: what `cargo course figures --check`
    // asks for to measure a drifted row again.
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let only = match arguments.as_slice() {
        [] => None,
        [flag, name] if flag == "--only" && ROWS.contains(&name.as_str()) => Some(name.clone()),
        _ => bail!("usage: zero_copy_figures [--only {}]", ROWS.join("|")),
    };
    let wanted = |name: &str| only.as_deref().is_none_or(|only| only == name);

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = corpus::documentation(&workspace, CORPUS_BYTES)?;
    let size = text.len();
    let document_count = documents(&text).count();
    let config = ChunkConfig::DEFAULT;

    let mut rows = Vec::new();
    if wanted("tokens") {
        let owned = measure(3, || tokens_owned(&text));
        let borrowed = measure(3, || tokens_borrowed(&text));
        rows.push(("tokens", row("tokens", size, &owned, &borrowed)));
    }
    if wanted("documents") {
        let split = measure(10, || documents(&text).map(<[u8]>::len).sum());
        let memchr = measure(10, || documents_memchr(&text).map(<[u8]>::len).sum());
        rows.push(("documents", row("documents", size, &split, &memchr)));
    }
    if wanted("chunks") {
        let copied = measure(3, || copied_chunks(&text, config).len());
        // The corpus becomes a `Bytes` without a copy: it takes over the
        // vector's buffer (a clone here, outside the measurement, since
        // `text` is still needed above).
        let shared_corpus = Bytes::from(text.clone());
        let shared = measure(3, || shared_chunks(&shared_corpus, config).len());
        rows.push(("chunks", row("chunks", size, &copied, &shared)));
    }

    let ratios: Vec<String> = rows
        .iter()
        .map(|(name, (_, ratio))| format!("{name}={ratio:.3}"))
        .collect();
    println!("<!-- figures: {} -->", ratios.join(" "));
    println!(
        "| Work | Baseline | Zero-copy | Speed-up | Peak heap, baseline | Peak heap, zero-copy |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (_, (line, _)) in &rows {
        println!("{line}");
    }
    println!();
    println!(
        "<p class=\"figure-note\">One run over {:.0} MB of real text ({document_count} documents: the Markdown files of the crates this course's <code>Cargo.lock</code> pins, repeated), on the two-core machine that built this book; best of three passes (ten for <code>documents</code>). \
<code>tokens</code>: ASCII-lowercase and pre-tokenize each document, into a <code>Vec&lt;String&gt;</code> per document (baseline) or into spans of the <code>Cow</code>-normalised text in one reused buffer. \
<code>documents</code>: find the documents with <code>slice::split</code>, byte by byte (baseline), or with <code>memchr</code>. \
<code>chunks</code>: every chunk of the corpus ({} tokens, {} overlapping), all kept, as <code>Vec&lt;u8&gt;</code> copies (baseline) or as <code>Bytes</code> views of the corpus. \
Peak heap is what the work held at once on top of the corpus, counted by the <code>PeakAlloc</code> global allocator. Measured by <code>cargo course figures --bless</code> (<code>cargo run --release -p m18-pipeline --bin zero_copy_figures</code>).</p>",
        size as f64 / 1e6,
        config.max_tokens(),
        config.overlap(),
    );
    Ok(())
}
