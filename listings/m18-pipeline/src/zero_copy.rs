//! Lesson 18.1's comparisons: the copying way and the zero-copy way of the
//! same work, side by side, for its examples and its figure.
//!
//! - [`owned_tokens`]: every token copied into a `String` of its own, as a
//!   Python tokenizer's `list[str]` is (the baseline the spans are measured
//!   against);
//! - [`copied_chunks`] and [`shared_chunks`]: every chunk of a corpus as a
//!   `Vec<u8>` copy, or as a [`Bytes`] view that shares the corpus's memory.

use crate::chunk::{self, ChunkConfig};
use crate::pipeline::documents_memchr;
use crate::pretokenize::{Span, tokens};
use bytes::Bytes;

// ANCHOR: owned_tokens
/// The Python-style way: a lowercased copy of the document, then every
/// token copied out into a `String` of its own. Simple, and it allocates
/// once per token. (Slicing the `String` at the spans never panics: a span
/// never ends inside a UTF-8 character.)
pub fn owned_tokens(document: &str) -> Vec<String> {
    let lower = document.to_ascii_lowercase();
    tokens(lower.as_bytes())
        .map(|span| lower[span.start..span.end].to_owned())
        .collect()
}
// ANCHOR_END: owned_tokens

// ANCHOR: chunks
/// Every chunk of every document of `corpus`, each copied into a vector of
/// its own: as much memory again as the text (more, with the overlaps).
pub fn copied_chunks(corpus: &[u8], config: ChunkConfig) -> Vec<Vec<u8>> {
    let mut spans: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for document in documents_memchr(corpus) {
        spans.clear();
        spans.extend(tokens(document));
        out.extend(chunk::chunks(&spans, config).map(|chunk| chunk.of(document).to_vec()));
    }
    out
}

/// The same chunks as views of `corpus`'s own memory. Each `Bytes` is a
/// pointer, a length and a reference count on the one buffer: it owns its
/// share of the corpus (no lifetime ties it to a borrow), so it can be sent
/// to another thread or task, and the buffer is freed when the last view
/// is dropped. Nothing is copied.
pub fn shared_chunks(corpus: &Bytes, config: ChunkConfig) -> Vec<Bytes> {
    let mut spans: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for document in documents_memchr(corpus) {
        spans.clear();
        spans.extend(tokens(document));
        // `slice_ref` turns a `&[u8]` that points into `corpus` back into a
        // `Bytes` of it: the borrow becomes a shared ownership.
        out.extend(chunk::chunks(&spans, config).map(|chunk| corpus.slice_ref(chunk.of(document))));
    }
    out
}
// ANCHOR_END: chunks

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_tokens_are_the_lowercased_words() {
        assert_eq!(owned_tokens("Café, OK?"), ["café", ",", "ok", "?"]);
    }

    #[test]
    fn copied_and_shared_chunks_hold_the_same_bytes() {
        let corpus = Bytes::from_static(b"a b c d\x1ee f\x1e");
        let config = ChunkConfig::new(3, 1).expect("valid");
        let copied = copied_chunks(&corpus, config);
        let shared = shared_chunks(&corpus, config);
        assert_eq!(
            copied,
            [b"a b c".to_vec(), b"c d".to_vec(), b"e f".to_vec()]
        );
        assert_eq!(shared.len(), copied.len());
        for (view, copy) in shared.iter().zip(&copied) {
            assert_eq!(&view[..], &copy[..]);
        }
    }

    #[test]
    fn shared_chunks_point_into_the_corpus() {
        let corpus = Bytes::from(b"one two three\x1efour".to_vec());
        let config = ChunkConfig::new(2, 0).expect("valid");
        let range = corpus.as_ptr_range();
        for chunk in shared_chunks(&corpus, config) {
            assert!(range.contains(&chunk.as_ptr()));
        }
    }
}
