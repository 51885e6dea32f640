//! Answers to the exercises of lesson 18.3.
//!
//! `cargo run -p m18-pipeline --example answers_18_3`

use m18_pipeline::chunk::{self, Chunk};
use m18_pipeline::corpus;
use m18_pipeline::pipeline::documents_memchr;
use m18_pipeline::pretokenize::{Class, class_of, tokens};
use m18_pipeline::{ChunkConfig, Preprocessor, Span};
use rayon::prelude::*;
use std::ops::Range;

// ANCHOR: answer1
/// Cuts `text` into ranges of about `target` bytes. Each cut is made at a
/// whitespace byte, which belongs to no token, so every token lies whole in
/// one range. A stretch without whitespace longer than `target` stays whole.
pub fn pieces_at_spaces(text: &[u8], target: usize) -> Vec<Range<usize>> {
    let target = target.max(1);
    let mut pieces = Vec::new();
    let mut start = 0;
    while text.len() - start > target {
        let from = start + target;
        let Some(offset) = text[from..]
            .iter()
            .position(|&byte| class_of(byte) == Class::Space)
        else {
            break;
        };
        pieces.push(start..from + offset);
        start = from + offset;
    }
    if start < text.len() {
        pieces.push(start..text.len());
    }
    pieces
}

/// The chunks of one large document, with every pass but the cheap one on
/// all cores: lowercasing works on any byte range; tokenizing works on
/// pieces cut at spaces, and the pieces' spans, shifted to the document's
/// offsets and collected in order, are the document's spans. Only the
/// windowing, which touches each token once, stays serial.
pub fn large_document_chunks(
    document: &[u8],
    config: ChunkConfig,
    piece_bytes: usize,
) -> Vec<Vec<u8>> {
    let piece_bytes = piece_bytes.max(1);
    let mut normalized = document.to_vec();
    normalized
        .par_chunks_mut(piece_bytes)
        .for_each(|piece| piece.make_ascii_lowercase());

    let pieces = pieces_at_spaces(&normalized, piece_bytes);
    let text = &normalized;
    let spans: Vec<Span> = pieces
        .par_iter()
        .flat_map_iter(|piece| {
            let shift = piece.start;
            tokens(&text[piece.clone()]).map(move |span| Span {
                start: span.start + shift,
                end: span.end + shift,
            })
        })
        .collect();

    let windows: Vec<Chunk> = chunk::chunks(&spans, config).collect();
    windows
        .par_iter()
        .map(|window| window.of(text).to_vec())
        .collect()
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The index and token count of the document with the most tokens (the
/// first of them on a tie), or `None` when there are no documents.
pub fn most_tokens(documents: &[&[u8]]) -> Option<(usize, usize)> {
    documents
        .par_iter()
        .enumerate()
        .map(|(index, document)| Some((index, tokens(document).count())))
        .reduce(|| None, larger)
}

/// The merge: associative (it is a maximum under one total order: more
/// tokens first, then the smaller index) and `None` is its identity. So it
/// gives the same answer however rayon groups the documents.
fn larger(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> Option<(usize, usize)> {
    match (a, b) {
        (Some(a), Some(b)) if b.1 > a.1 || (b.1 == a.1 && b.0 < a.0) => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}
// ANCHOR_END: answer2

fn main() {
    let text = corpus::synthetic(18, 300);
    // One large document: the synthetic corpus with its separators removed.
    let large: Vec<u8> = corpus::separators_as_spaces(&text).collect();
    let config = ChunkConfig::new(32, 4).expect("valid");
    let serial = Preprocessor::new(config).chunks_owned(&large);
    let pieces = pieces_at_spaces(&large, 4_096);
    println!(
        "one document of {} bytes, {} pieces of about 4096 bytes",
        large.len(),
        pieces.len()
    );
    println!(
        "chunks: {}, the same as serially: {}",
        serial.len(),
        large_document_chunks(&large, config, 4_096) == serial
    );

    let documents: Vec<&[u8]> = documents_memchr(&text).collect();
    if let Some((index, count)) = most_tokens(&documents) {
        println!("most tokens: document {index}, {count} tokens");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m18_pipeline::DOCUMENT_SEPARATOR;

    fn serial_most_tokens(documents: &[&[u8]]) -> Option<(usize, usize)> {
        documents
            .iter()
            .enumerate()
            .map(|(index, document)| Some((index, tokens(document).count())))
            .fold(None, larger)
    }

    #[test]
    fn pieces_cover_the_text_and_cut_only_at_spaces() {
        let text = b"alpha beta,gamma  delta epsilon";
        for target in [0, 1, 3, 8, 100] {
            let pieces = pieces_at_spaces(text, target);
            assert_eq!(pieces.first().map(|p| p.start), Some(0));
            assert_eq!(pieces.last().map(|p| p.end), Some(text.len()));
            for pair in pieces.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert_eq!(class_of(text[pair[1].start]), Class::Space);
            }
        }
        // No whitespace after the target: one piece.
        assert_eq!(
            pieces_at_spaces(b"abcdefgh", 2),
            vec![Range { start: 0, end: 8 }]
        );
        assert!(pieces_at_spaces(b"", 4).is_empty());
    }

    #[test]
    fn a_large_document_chunks_exactly_as_it_does_serially() {
        let large: Vec<u8> = corpus::synthetic(9, 120)
            .iter()
            .map(|&byte| {
                if byte == DOCUMENT_SEPARATOR {
                    b'\n'
                } else {
                    byte
                }
            })
            .collect();
        for config in [ChunkConfig::DEFAULT, ChunkConfig::new(5, 2).expect("valid")] {
            let serial = Preprocessor::new(config).chunks_owned(&large);
            for piece_bytes in [1, 7, 100, 4_096, large.len() * 2] {
                assert_eq!(
                    large_document_chunks(&large, config, piece_bytes),
                    serial,
                    "pieces of {piece_bytes} bytes"
                );
            }
        }
    }

    #[test]
    fn the_longest_document_is_found_on_any_pool() {
        let text = corpus::synthetic(11, 500);
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        let expected = serial_most_tokens(&documents);
        assert!(expected.is_some());
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            assert_eq!(pool.install(|| most_tokens(&documents)), expected);
        }
    }

    #[test]
    fn ties_go_to_the_first_document_and_nothing_is_none() {
        let documents: Vec<&[u8]> = vec![b"a b", b"c d e", b"f", b"g h i"];
        assert_eq!(most_tokens(&documents), Some((1, 3)));
        assert_eq!(most_tokens(&[]), None);
    }
}
