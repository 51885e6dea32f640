//! Chunking: overlapping windows of tokens, the pieces an embedding model
//! is given one at a time.
//!
//! A chunk holds at most `max_tokens` tokens; each chunk starts
//! `max_tokens - overlap` tokens after the one before, so neighbours share
//! `overlap` tokens and a sentence cut at a boundary is whole in one of them.
//! A chunk is a byte range of the normalised text, from its first token's
//! start to its last token's end: the spaces between its tokens are kept.

use crate::pretokenize::Span;
use std::fmt;

// ANCHOR: config
/// How documents are cut into chunks. Made by [`ChunkConfig::new`], which
/// refuses a configuration that could never advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkConfig {
    max_tokens: usize,
    overlap: usize,
}

/// Why a [`ChunkConfig`] was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkConfigError {
    /// A chunk must hold at least one token.
    Empty,
    /// Each chunk must start at least one token after the previous one.
    OverlapTooLarge { max_tokens: usize, overlap: usize },
}

impl ChunkConfig {
    /// The configuration the lessons and the 18.5 benchmark use.
    pub const DEFAULT: ChunkConfig = ChunkConfig {
        max_tokens: 128,
        overlap: 16,
    };

    pub fn new(max_tokens: usize, overlap: usize) -> Result<Self, ChunkConfigError> {
        if max_tokens == 0 {
            Err(ChunkConfigError::Empty)
        } else if overlap >= max_tokens {
            Err(ChunkConfigError::OverlapTooLarge {
                max_tokens,
                overlap,
            })
        } else {
            Ok(ChunkConfig {
                max_tokens,
                overlap,
            })
        }
    }

    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    pub fn overlap(&self) -> usize {
        self.overlap
    }

    /// How many tokens one chunk's start is after the previous chunk's.
    pub fn step(&self) -> usize {
        self.max_tokens - self.overlap
    }
}
// ANCHOR_END: config

impl fmt::Display for ChunkConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkConfigError::Empty => f.write_str("a chunk must hold at least one token"),
            ChunkConfigError::OverlapTooLarge {
                max_tokens,
                overlap,
            } => write!(
                f,
                "an overlap of {overlap} tokens leaves chunks of {max_tokens} tokens no room to advance"
            ),
        }
    }
}

impl std::error::Error for ChunkConfigError {}

// ANCHOR: chunk
/// One chunk: a byte range of the normalised document and how many tokens
/// it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub tokens: usize,
}

impl Chunk {
    /// The chunk's bytes, borrowed from the document.
    pub fn of<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        &text[self.start..self.end]
    }
}

/// The chunks of a document whose tokens are `spans`, in order. The last
/// chunk ends at the last token; a document without tokens has no chunks.
pub fn chunks(spans: &[Span], config: ChunkConfig) -> impl Iterator<Item = Chunk> + '_ {
    let mut first = 0;
    let mut done = spans.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let last = (first + config.max_tokens).min(spans.len());
        let chunk = Chunk {
            start: spans[first].start,
            end: spans[last - 1].end,
            tokens: last - first,
        };
        done = last == spans.len();
        first += config.step();
        Some(chunk)
    })
}
// ANCHOR_END: chunk

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pretokenize::tokens;

    fn chunk_texts(text: &str, config: ChunkConfig) -> Vec<&str> {
        let spans: Vec<Span> = tokens(text.as_bytes()).collect();
        chunks(&spans, config)
            .map(|chunk| &text[chunk.start..chunk.end])
            .collect()
    }

    #[test]
    fn windows_overlap_by_the_configured_tokens() {
        let config = ChunkConfig::new(3, 1).expect("valid");
        assert_eq!(
            chunk_texts("a b c d e f g", config),
            ["a b c", "c d e", "e f g"]
        );
        // One token too many for three windows: a fourth, shorter one.
        assert_eq!(
            chunk_texts("a b c d e f g h", config),
            ["a b c", "c d e", "e f g", "g h"]
        );
    }

    #[test]
    fn a_short_document_is_one_chunk_and_an_empty_one_none() {
        assert_eq!(chunk_texts("just two", ChunkConfig::DEFAULT), ["just two"]);
        assert!(chunk_texts("  ", ChunkConfig::DEFAULT).is_empty());
    }

    #[test]
    fn a_configuration_that_cannot_advance_is_refused() {
        assert_eq!(ChunkConfig::new(0, 0), Err(ChunkConfigError::Empty));
        assert_eq!(
            ChunkConfig::new(4, 4),
            Err(ChunkConfigError::OverlapTooLarge {
                max_tokens: 4,
                overlap: 4
            })
        );
    }
}
