//! Preprocessing many documents on every core with rayon.

use crate::chunk::ChunkConfig;
use crate::pipeline::{Preprocessor, Summary};
use rayon::prelude::*;

// ANCHOR: summarize
/// Counts what preprocessing `documents` produces, on rayon's pool. Each
/// worker thread gets one [`Preprocessor`] (`map_init`), so the scratch
/// buffers are reused across the documents that thread takes, and the
/// per-document summaries are merged in a tree (`reduce`).
pub fn summarize(documents: &[&[u8]], config: ChunkConfig) -> Summary {
    documents
        .par_iter()
        .map_init(
            || Preprocessor::new(config),
            |preprocessor, document| preprocessor.summarize(document),
        )
        .reduce(Summary::default, Summary::merge)
}
// ANCHOR_END: summarize

// ANCHOR: chunks
/// Every document's chunks, in the documents' order, whichever thread did
/// the work: `collect` on an indexed parallel iterator puts each result at
/// its index.
pub fn chunks(documents: &[&[u8]], config: ChunkConfig) -> Vec<Vec<Vec<u8>>> {
    documents
        .par_iter()
        .map_init(
            || Preprocessor::new(config),
            |preprocessor, document| preprocessor.chunks_owned(document),
        )
        .collect()
}
// ANCHOR_END: chunks

/// Every chunk of every document, flattened in order into one vector: the
/// shape the Python module of lesson 18.4 returns.
pub fn chunks_flat(documents: &[&[u8]], config: ChunkConfig) -> Vec<Vec<u8>> {
    chunks(documents, config).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;
    use crate::pipeline::{documents_memchr, summarize_corpus};

    #[test]
    fn parallel_and_serial_agree() {
        let corpus = corpus::synthetic(7, 300);
        let documents: Vec<&[u8]> = documents_memchr(&corpus).collect();
        let config = ChunkConfig::new(16, 4).expect("valid");
        assert_eq!(
            summarize(&documents, config),
            summarize_corpus(&corpus, config)
        );

        let mut serial = Preprocessor::new(config);
        let expected: Vec<Vec<Vec<u8>>> = documents
            .iter()
            .map(|document| serial.chunks_owned(document))
            .collect();
        assert_eq!(chunks(&documents, config), expected);
    }
}
