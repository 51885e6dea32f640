//! Answers to the exercises of lesson 18.1.
//!
//! `cargo run -p m18-pipeline --example answers_18_1`

use bytes::Bytes;
use m18_pipeline::pretokenize::{Span, tokens};
use m18_pipeline::zero_copy::shared_chunks;
use m18_pipeline::{ChunkConfig, corpus};
use std::path::Path;

// ANCHOR: answer1
/// A document that owns its text and knows its tokens. The spans are plain
/// offsets, so the struct borrows nothing and can be returned, stored or
/// sent anywhere; the words are borrowed from it only when asked for.
struct Tokenized {
    text: Vec<u8>,
    spans: Vec<Span>,
}

impl Tokenized {
    fn new(text: Vec<u8>) -> Self {
        let spans = tokens(&text).collect();
        Tokenized { text, spans }
    }

    fn read(path: &Path) -> std::io::Result<Self> {
        Ok(Tokenized::new(std::fs::read(path)?))
    }

    /// The first `n` words, borrowed from `self`: the lifetime in the
    /// signature is now `self`'s, which is true.
    fn first_words(&self, n: usize) -> Vec<&[u8]> {
        self.spans
            .iter()
            .take(n)
            .map(|span| span.of(&self.text))
            .collect()
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// Tokens as maximal runs of bytes of one class (space bytes, class 0,
/// separate them): the scanner of `pretokenize` with the classes as a
/// parameter, to try other classifications.
fn tokens_by(class_of: fn(u8) -> u8, text: &[u8]) -> Vec<&[u8]> {
    text.chunk_by(|&a, &b| class_of(a) == class_of(b))
        .filter(|run| class_of(run[0]) != 0)
        .collect()
}

/// Every byte of 0x80 and above in a class of its own: a multi-byte
/// character is a run of such bytes, so it is never cut.
fn high_bytes_apart(byte: u8) -> u8 {
    match byte {
        b' ' | b'\t' | b'\n' | b'\r' => 0,
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' => 1,
        0x80.. => 3,
        _ => 2,
    }
}

/// Continuation bytes (0x80..=0xBF) as word bytes, leading bytes as
/// symbols: the classes now differ inside a character.
fn leading_bytes_apart(byte: u8) -> u8 {
    match byte {
        0x80..=0xBF => 1,
        0xC0.. => 2,
        other => high_bytes_apart(other),
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
/// Keeps one chunk after the corpus is done with. A view would keep the
/// whole corpus's buffer alive for it, so it is copied into a buffer of
/// its own size: one small copy, to free a large buffer.
fn detach(chunk: &Bytes) -> Bytes {
    Bytes::copy_from_slice(chunk)
}
// ANCHOR_END: answer4

fn shown(tokens: &[&[u8]]) -> String {
    let shown: Vec<String> = tokens
        .iter()
        .map(|token| match std::str::from_utf8(token) {
            Ok(text) => format!("{text:?}"),
            Err(_) => format!("{token:x?}"),
        })
        .collect();
    shown.join(" ")
}

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let document = Tokenized::read(&manifest).expect("this crate has a Cargo.toml");
    println!("1. {}", shown(&document.first_words(4)));

    let text = "café, à".as_bytes();
    println!(
        "2. high bytes apart:    {}",
        shown(&tokens_by(high_bytes_apart, text))
    );
    println!(
        "   leading bytes apart: {}",
        shown(&tokens_by(leading_bytes_apart, text))
    );

    let corpus = Bytes::from(corpus::synthetic(9, 50));
    let longest = shared_chunks(&corpus, ChunkConfig::DEFAULT)
        .into_iter()
        .max_by_key(Bytes::len)
        .expect("the corpus has chunks");
    println!(
        "4. a view keeps {} bytes alive for a {}-byte chunk",
        corpus.len(),
        longest.len()
    );
    let kept = detach(&longest);
    drop(longest);
    println!(
        "   detached into {} bytes of its own; the corpus is its buffer's only owner again: {}",
        kept.len(),
        corpus.is_unique()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tokenized_file_owns_its_text_and_lends_its_words() {
        let path = std::env::temp_dir().join(format!("answers_18_1_{}.txt", std::process::id()));
        std::fs::write(&path, "one two, three").expect("write the temporary file");
        let document = Tokenized::read(&path).expect("read it back");
        std::fs::remove_file(&path).expect("remove the temporary file");
        assert_eq!(document.first_words(3), [&b"one"[..], b"two", b","]);
    }

    #[test]
    fn one_class_for_all_high_bytes_keeps_characters_whole() {
        let text = "café, à, хорошо 中文".as_bytes();
        let tokens = tokens_by(high_bytes_apart, text);
        assert!(tokens.iter().all(|t| std::str::from_utf8(t).is_ok()));
        // Whole, but cut between letters: "caf" and "é" are two tokens.
        assert_eq!(tokens[..2], [&b"caf"[..], "é".as_bytes()]);
    }

    #[test]
    fn classes_that_differ_inside_a_character_cut_it() {
        let tokens = tokens_by(leading_bytes_apart, "à".as_bytes());
        assert_eq!(tokens, [&[0xC3][..], &[0xA0][..]]);
        assert!(tokens.iter().all(|t| std::str::from_utf8(t).is_err()));
    }

    #[test]
    fn a_detached_chunk_frees_the_corpus() {
        let corpus = Bytes::from(corpus::synthetic(1, 10));
        let chunks = shared_chunks(&corpus, ChunkConfig::DEFAULT);
        let kept = detach(&chunks[0]);
        assert!(!corpus.is_unique(), "the views still hold the buffer");
        drop(chunks);
        assert!(corpus.is_unique(), "the detached copy does not");
        assert!(!corpus.as_ptr_range().contains(&kept.as_ptr()));
    }
}
