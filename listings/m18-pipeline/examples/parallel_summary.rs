//! Lesson 18.3: the pipeline over many documents on every core, and what
//! `map_init`, `with_min_len` and `par_chunks` change about how rayon
//! schedules it.
//!
//! `cargo run -p m18-pipeline --example parallel_summary`

use m18_pipeline::corpus;
use m18_pipeline::parallel;
use m18_pipeline::pipeline::{documents_memchr, summarize_corpus};
use m18_pipeline::{ChunkConfig, Preprocessor, Summary};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: per_document
/// The obvious version: a new `Preprocessor` for every document. Correct,
/// and it allocates two fresh buffers (and regrows them) per document.
fn summarize_allocating(documents: &[&[u8]], config: ChunkConfig) -> Summary {
    documents
        .par_iter()
        .map(|document| Preprocessor::new(config).summarize(document))
        .reduce(Summary::default, Summary::merge)
}
// ANCHOR_END: per_document

// ANCHOR: counting
/// `parallel::summarize` with a counter in `init`: how many preprocessors
/// `map_init` really creates. `with_min_len(min_len)` forbids rayon to split
/// the documents into jobs of fewer than `min_len`, which bounds the count.
fn summarize_counting(
    documents: &[&[u8]],
    config: ChunkConfig,
    min_len: usize,
) -> (Summary, usize) {
    let created = AtomicUsize::new(0);
    let summary = documents
        .par_iter()
        .with_min_len(min_len)
        .map_init(
            || {
                created.fetch_add(1, Ordering::Relaxed);
                Preprocessor::new(config)
            },
            |preprocessor, document| preprocessor.summarize(document),
        )
        .reduce(Summary::default, Summary::merge);
    (summary, created.into_inner())
}
// ANCHOR_END: counting

// ANCHOR: batches
/// The same work in explicit batches: `par_chunks(64)` hands rayon slices
/// of 64 documents, and each batch runs serially with one preprocessor.
fn summarize_batches(documents: &[&[u8]], config: ChunkConfig) -> Summary {
    documents
        .par_chunks(64)
        .map(|batch| {
            let mut preprocessor = Preprocessor::new(config);
            batch
                .iter()
                .map(|document| preprocessor.summarize(document))
                .fold(Summary::default(), Summary::merge)
        })
        .reduce(Summary::default, Summary::merge)
}
// ANCHOR_END: batches

// ANCHOR: main
fn main() {
    let text = corpus::synthetic(18, 2_000);
    let documents: Vec<&[u8]> = documents_memchr(&text).collect();
    let config = ChunkConfig::new(32, 4).expect("32 tokens with an overlap of 4 is valid");

    let serial = summarize_corpus(&text, config);
    let parallel = parallel::summarize(&documents, config);
    println!("serial:   {serial:?}");
    println!("parallel: {parallel:?}");
    println!("same summary: {}", serial == parallel);
    println!(
        "a new preprocessor per document, same summary: {}",
        summarize_allocating(&documents, config) == serial
    );
    println!(
        "batches of 64 with par_chunks, same summary: {}",
        summarize_batches(&documents, config) == serial
    );

    let (summary, created) = summarize_counting(&documents, config, 1);
    println!(
        "map_init: same summary: {}, fewer preprocessors than documents: {}",
        summary == serial,
        created < documents.len()
    );
    let (summary, created) = summarize_counting(&documents, config, 250);
    println!(
        "with_min_len(250): same summary: {}, at most 2000 / 250 = 8 preprocessors: {}",
        summary == serial,
        created <= documents.len() / 250
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_and_config() -> (Vec<u8>, ChunkConfig) {
        (
            corpus::synthetic(3, 500),
            ChunkConfig::new(16, 2).expect("valid"),
        )
    }

    #[test]
    fn every_strategy_gives_the_serial_summary() {
        let (text, config) = corpus_and_config();
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        let serial = summarize_corpus(&text, config);
        assert_eq!(serial.documents, 500);
        assert_eq!(parallel::summarize(&documents, config), serial);
        assert_eq!(summarize_allocating(&documents, config), serial);
        assert_eq!(summarize_batches(&documents, config), serial);
        assert_eq!(summarize_counting(&documents, config, 1).0, serial);
    }

    #[test]
    fn map_init_makes_one_preprocessor_per_job_not_per_document() {
        let (text, config) = corpus_and_config();
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        // Jobs hold at least 100 documents, so there are at most 5 of them.
        let (_, created) = summarize_counting(&documents, config, 100);
        assert!((1..=5).contains(&created), "{created} preprocessors");
        // On a pool of one thread rayon still splits the work into jobs, so
        // `init` may run more than once: it is per job, not per thread.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool of one thread");
        let (_, created) = pool.install(|| summarize_counting(&documents, config, 1));
        assert!(created >= 1 && created < documents.len());
    }

    #[test]
    fn an_empty_corpus_reduces_to_the_identity() {
        let config = ChunkConfig::DEFAULT;
        assert_eq!(parallel::summarize(&[], config), Summary::default());
        assert_eq!(summarize_batches(&[], config), Summary::default());
    }
}
