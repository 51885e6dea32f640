//! Module 18 of Rust Mastery: the preprocessing step of an AI pipeline
//! (normalise, pre-tokenize, chunk), written to move as few bytes as possible.
//!
//! - [`normalize`]: ASCII lowercasing that borrows when nothing changes (18.1);
//! - [`pretokenize`]: a byte-class scanner that yields spans, not strings (18.1);
//! - [`chunk`]: overlapping windows of tokens, as byte ranges (18.1);
//! - [`pipeline`]: the three together, per document, with reusable scratch space;
//! - [`stream`]: the same over a file of any size in bounded memory (18.2);
//! - [`parallel`]: the same over many documents with rayon, in order (18.3);
//! - [`corpus`]: the corpora the lessons and the 18.5 benchmark run on;
//! - [`measure`]: peak heap, peak RSS and `memcpy` bandwidth, for the figures;
//! - [`zero_copy`]: the copying and the zero-copy way of the same work (18.1).

pub mod chunk;
pub mod corpus;
pub mod measure;
pub mod normalize;
pub mod parallel;
pub mod pipeline;
pub mod pretokenize;
pub mod stream;
pub mod temp;
pub mod zero_copy;

pub use chunk::{Chunk, ChunkConfig, ChunkConfigError};
pub use pipeline::{DOCUMENT_SEPARATOR, Preprocessor, Summary, documents};
pub use pretokenize::{Span, tokens};
