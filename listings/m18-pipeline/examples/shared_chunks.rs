//! Lesson 18.1: chunks that own their memory without copying it, with
//! `bytes::Bytes`, handed to worker threads.
//!
//! `cargo run -p m18-pipeline --example shared_chunks`

use bytes::Bytes;
use m18_pipeline::normalize::lowercase;
use m18_pipeline::pretokenize::{tokens, words};
use m18_pipeline::zero_copy::shared_chunks;
use m18_pipeline::{ChunkConfig, corpus};
use std::borrow::Cow;
use std::thread;

// ANCHOR: lowercase_shared
/// A document lowercased, as `Bytes`. When lowercasing changes nothing, the
/// answer is the same memory again (a clone of a `Bytes` only increments a
/// reference count); otherwise the lowered copy becomes a buffer of its own.
fn lowercase_shared(document: &Bytes) -> Bytes {
    match lowercase(document) {
        Cow::Borrowed(_) => document.clone(),
        Cow::Owned(lowered) => Bytes::from(lowered),
    }
}
// ANCHOR_END: lowercase_shared

// ANCHOR: workers
/// Deals the chunks out to `workers` threads, round robin; each thread adds
/// up the bytes it was given. `thread::spawn` wants data that lives as long
/// as it likes (`'static`): a `&[u8]` into a local corpus is refused, a
/// `Bytes` is welcome, because it keeps its buffer alive itself.
fn bytes_per_worker(chunks: Vec<Bytes>, workers: usize) -> Vec<usize> {
    let mut shares: Vec<Vec<Bytes>> = vec![Vec::new(); workers];
    for (index, chunk) in chunks.into_iter().enumerate() {
        shares[index % workers].push(chunk);
    }
    let handles: Vec<thread::JoinHandle<usize>> = shares
        .into_iter()
        .map(|share| thread::spawn(move || share.iter().map(Bytes::len).sum()))
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a worker panicked"))
        .collect()
}
// ANCHOR_END: workers

// ANCHOR: main
fn main() {
    let text: Vec<u8> = corpus::synthetic(5, 100);
    let buffer = text.as_ptr();
    // `Bytes::from` takes the vector over: same buffer, nothing copied.
    let corpus = Bytes::from(text);
    println!(
        "Bytes::from kept the vector's buffer: {}",
        corpus.as_ptr() == buffer
    );

    let config = ChunkConfig::new(64, 8).expect("64 tokens with 8 of overlap advance");
    let chunks = shared_chunks(&corpus, config);
    let inside = chunks
        .iter()
        .all(|chunk| corpus.as_ptr_range().contains(&chunk.as_ptr()));
    println!(
        "{} chunks, all inside the corpus's buffer: {inside}",
        chunks.len()
    );
    println!("corpus has other owners: {}", !corpus.is_unique());

    let per_worker = bytes_per_worker(chunks, 3);
    println!("bytes per worker: {per_worker:?}");
    println!("corpus has other owners: {}", !corpus.is_unique());

    // Views by range (`slice`) or from a borrowed slice of the corpus
    // (`slice_ref`); lowercasing them shares the memory when it can.
    let first = tokens(&corpus).next().expect("the corpus has tokens");
    let capitalised = words(&corpus)
        .find(|word| word.iter().any(u8::is_ascii_uppercase))
        .expect("some words are capitalised");
    for piece in [
        corpus.slice(first.start..first.end),
        corpus.slice_ref(capitalised),
    ] {
        let lowered = lowercase_shared(&piece);
        println!(
            "{:?} -> {:?}, same memory: {}",
            String::from_utf8_lossy(&piece),
            String::from_utf8_lossy(&lowered),
            lowered.as_ptr() == piece.as_ptr()
        );
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workers_get_every_chunk_byte_once() {
        let corpus = Bytes::from(corpus::synthetic(2, 40));
        let config = ChunkConfig::new(16, 4).expect("valid");
        let chunks = shared_chunks(&corpus, config);
        let total: usize = chunks.iter().map(Bytes::len).sum();
        let per_worker = bytes_per_worker(chunks, 4);
        assert_eq!(per_worker.len(), 4);
        assert_eq!(per_worker.iter().sum::<usize>(), total);
        // Every view is gone: the corpus is the buffer's only owner again.
        assert!(corpus.is_unique());
    }

    #[test]
    fn lowercase_shares_the_buffer_only_when_nothing_changes() {
        let plain = Bytes::from(b"nothing to lower".to_vec());
        assert_eq!(lowercase_shared(&plain).as_ptr(), plain.as_ptr());
        let mixed = Bytes::from(b"Something To Lower".to_vec());
        let lowered = lowercase_shared(&mixed);
        assert_ne!(lowered.as_ptr(), mixed.as_ptr());
        assert_eq!(&lowered[..], b"something to lower");
    }
}
