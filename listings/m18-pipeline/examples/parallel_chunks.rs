//! Lesson 18.3: chunks come out in document order, whichever thread made
//! them; results pushed from `for_each` come out in the order threads finish.
//!
//! `cargo run -p m18-pipeline --example parallel_chunks`

use m18_pipeline::corpus;
use m18_pipeline::parallel;
use m18_pipeline::pipeline::documents_memchr;
use m18_pipeline::{ChunkConfig, Preprocessor};
use rayon::prelude::*;
use std::sync::Mutex;

/// One document's chunks and the rayon thread that made them.
type Made = (Option<usize>, Vec<Vec<u8>>);

// ANCHOR: who
/// Every document's chunks, tagged with the index of the pool thread that
/// did the work. `collect` still puts entry `i` at index `i`.
fn chunks_with_thread(documents: &[&[u8]], config: ChunkConfig) -> Vec<Made> {
    documents
        .par_iter()
        .map_init(
            || Preprocessor::new(config),
            |preprocessor, document| {
                let chunks = preprocessor.chunks_owned(document);
                (rayon::current_thread_index(), chunks)
            },
        )
        .collect()
}
// ANCHOR_END: who

// ANCHOR: unordered
/// The shape that loses the order: every result is pushed into a shared
/// vector as it is finished. The index travels with it, so the order can be
/// rebuilt with a sort, which `collect` never needed.
fn chunks_pushed(documents: &[&[u8]], config: ChunkConfig) -> Vec<(usize, Vec<Vec<u8>>)> {
    let finished = Mutex::new(Vec::with_capacity(documents.len()));
    documents.par_iter().enumerate().for_each_init(
        || Preprocessor::new(config),
        |preprocessor, (index, document)| {
            let chunks = preprocessor.chunks_owned(document);
            finished
                .lock()
                .expect("no thread panics while holding the lock")
                .push((index, chunks));
        },
    );
    finished
        .into_inner()
        .expect("no thread panicked while holding the lock")
}
// ANCHOR_END: unordered

// ANCHOR: main
fn main() {
    let text = corpus::synthetic(18, 1_000);
    let documents: Vec<&[u8]> = documents_memchr(&text).collect();
    let config = ChunkConfig::new(8, 2).expect("8 tokens with an overlap of 2 is valid");

    let ordered = parallel::chunks(&documents, config);
    let mut serial = Preprocessor::new(config);
    let expected: Vec<Vec<Vec<u8>>> = documents
        .iter()
        .map(|document| serial.chunks_owned(document))
        .collect();
    println!("documents: {}", ordered.len());
    println!("chunks of document 0: {}", ordered[0].len());
    let first = String::from_utf8_lossy(&ordered[0][0]);
    println!("first chunk: {first:?}");
    println!("parallel chunks in document order: {}", ordered == expected);

    let tagged = chunks_with_thread(&documents, config);
    let every_document_ran_on_the_pool = tagged.iter().all(|(thread, _)| thread.is_some());
    let chunks_only: Vec<Vec<Vec<u8>>> = tagged.into_iter().map(|(_, chunks)| chunks).collect();
    println!("every document ran on a pool thread: {every_document_ran_on_the_pool}");
    println!("still in document order: {}", chunks_only == expected);

    let mut pushed = chunks_pushed(&documents, config);
    println!("pushed from for_each: {} documents", pushed.len());
    pushed.sort_unstable_by_key(|(index, _)| *index);
    let rebuilt: Vec<Vec<Vec<u8>>> = pushed.into_iter().map(|(_, chunks)| chunks).collect();
    println!(
        "in document order after sorting by index: {}",
        rebuilt == expected
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(documents: &[&[u8]], config: ChunkConfig) -> Vec<Vec<Vec<u8>>> {
        let mut serial = Preprocessor::new(config);
        documents
            .iter()
            .map(|document| serial.chunks_owned(document))
            .collect()
    }

    #[test]
    fn collect_keeps_the_document_order_on_any_pool() {
        let text = corpus::synthetic(5, 400);
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        let config = ChunkConfig::new(8, 2).expect("valid");
        let serial = expected(&documents, config);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let tagged = pool.install(|| chunks_with_thread(&documents, config));
            assert!(
                tagged
                    .iter()
                    .all(|(thread, _)| thread.is_some_and(|t| t < threads))
            );
            let chunks: Vec<_> = tagged.into_iter().map(|(_, chunks)| chunks).collect();
            assert_eq!(chunks, serial, "{threads} threads");
        }
    }

    #[test]
    fn pushed_results_are_all_there_and_sortable_back() {
        let text = corpus::synthetic(6, 300);
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        let config = ChunkConfig::new(8, 2).expect("valid");
        let mut pushed = chunks_pushed(&documents, config);
        assert_eq!(pushed.len(), documents.len());
        pushed.sort_unstable_by_key(|(index, _)| *index);
        let indexes: Vec<usize> = pushed.iter().map(|(index, _)| *index).collect();
        assert_eq!(indexes, (0..documents.len()).collect::<Vec<_>>());
        let chunks: Vec<_> = pushed.into_iter().map(|(_, chunks)| chunks).collect();
        assert_eq!(chunks, expected(&documents, config));
    }
}
