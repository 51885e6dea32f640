//! The whole preprocessing step for one document: normalise, pre-tokenize,
//! chunk. [`Preprocessor`] keeps its scratch buffers between documents, so a
//! loop over a million documents allocates about as often as a loop over one.

use crate::chunk::{self, ChunkConfig};
use crate::normalize;
use crate::pretokenize::{self, Span};

/// The byte between two documents of a corpus: ASCII's record separator,
/// which no text file contains by accident.
pub const DOCUMENT_SEPARATOR: u8 = 0x1E;

// ANCHOR: documents
/// The documents of a corpus, as slices of it: found with `memchr`, which
/// compares 16 or 32 bytes per instruction, and never copied. Empty
/// documents (two separators in a row) are skipped.
pub fn documents(corpus: &[u8]) -> impl Iterator<Item = &[u8]> {
    corpus
        .split(|&byte| byte == DOCUMENT_SEPARATOR)
        .filter(|document| !document.is_empty())
}

/// The same split, through `memchr`'s vectorised search: the form the
/// pipeline uses, since documents are long and separators rare.
pub fn documents_memchr(corpus: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = corpus;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let (document, next) = match memchr::memchr(DOCUMENT_SEPARATOR, rest) {
                Some(at) => (&rest[..at], &rest[at + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            rest = next;
            if !document.is_empty() {
                return Some(document);
            }
        }
    })
}
// ANCHOR_END: documents

// ANCHOR: summary
/// What preprocessing produced, counted. Merging is associative and
/// commutative, so per-thread summaries can be combined in any order.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub documents: u64,
    pub tokens: u64,
    pub chunks: u64,
    /// The bytes of all chunks together (overlaps counted in each chunk).
    pub chunk_bytes: u64,
}

impl Summary {
    pub fn merge(self, other: Summary) -> Summary {
        Summary {
            documents: self.documents + other.documents,
            tokens: self.tokens + other.tokens,
            chunks: self.chunks + other.chunks,
            chunk_bytes: self.chunk_bytes + other.chunk_bytes,
        }
    }
}
// ANCHOR_END: summary

// ANCHOR: preprocessor
/// Normalises, pre-tokenizes and chunks documents, one at a time. The two
/// buffers are scratch space: cleared for each document, never freed, so
/// after the first few documents the loop stops allocating.
#[derive(Debug)]
pub struct Preprocessor {
    config: ChunkConfig,
    normalized: Vec<u8>,
    spans: Vec<Span>,
}

impl Preprocessor {
    pub fn new(config: ChunkConfig) -> Self {
        Preprocessor {
            config,
            normalized: Vec::new(),
            spans: Vec::new(),
        }
    }

    pub fn config(&self) -> ChunkConfig {
        self.config
    }

    /// Preprocesses `document` and calls `emit` with each chunk's normalised
    /// bytes, borrowed from the scratch buffer (copy them to keep them).
    pub fn for_each_chunk(&mut self, document: &[u8], mut emit: impl FnMut(&[u8])) -> Summary {
        normalize::lowercase_into(document, &mut self.normalized);
        pretokenize::spans_into(&self.normalized, &mut self.spans);
        let mut summary = Summary {
            documents: 1,
            tokens: self.spans.len() as u64,
            ..Summary::default()
        };
        for chunk in chunk::chunks(&self.spans, self.config) {
            let bytes = chunk.of(&self.normalized);
            summary.chunks += 1;
            summary.chunk_bytes += bytes.len() as u64;
            emit(bytes);
        }
        summary
    }
    // ANCHOR_END: preprocessor

    /// Only the counts.
    pub fn summarize(&mut self, document: &[u8]) -> Summary {
        self.for_each_chunk(document, |_| {})
    }

    /// The chunks, each copied out into a vector of its own.
    pub fn chunks_owned(&mut self, document: &[u8]) -> Vec<Vec<u8>> {
        let mut chunks = Vec::new();
        self.for_each_chunk(document, |bytes| chunks.push(bytes.to_vec()));
        chunks
    }
}

/// Preprocesses every document of `corpus` on this thread.
pub fn summarize_corpus(corpus: &[u8], config: ChunkConfig) -> Summary {
    let mut preprocessor = Preprocessor::new(config);
    documents_memchr(corpus)
        .map(|document| preprocessor.summarize(document))
        .fold(Summary::default(), Summary::merge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_split_on_the_separator_and_empty_ones_skipped() {
        let corpus = b"one\x1etwo two\x1e\x1ethree\x1e";
        let split: Vec<&[u8]> = documents(corpus).collect();
        assert_eq!(split, [&b"one"[..], b"two two", b"three"]);
        assert_eq!(documents_memchr(corpus).collect::<Vec<_>>(), split);
        assert_eq!(documents_memchr(b"").count(), 0);
    }

    #[test]
    fn chunks_are_normalised_and_counted() {
        let config = ChunkConfig::new(2, 0).expect("valid");
        let mut preprocessor = Preprocessor::new(config);
        let chunks = preprocessor.chunks_owned(b"Hello, World!");
        assert_eq!(chunks, [b"hello,".to_vec(), b"world!".to_vec()]);
        let summary = preprocessor.summarize(b"Hello, World!");
        assert_eq!(
            summary,
            Summary {
                documents: 1,
                tokens: 4,
                chunks: 2,
                chunk_bytes: 12
            }
        );
    }

    #[test]
    fn a_corpus_summary_is_the_sum_of_its_documents() {
        let corpus = b"a b c\x1ed e";
        let config = ChunkConfig::new(2, 1).expect("valid");
        let summary = summarize_corpus(corpus, config);
        assert_eq!(summary.documents, 2);
        assert_eq!(summary.tokens, 5);
        // "a b", "b c" | "d e"
        assert_eq!(summary.chunks, 3);
    }
}
