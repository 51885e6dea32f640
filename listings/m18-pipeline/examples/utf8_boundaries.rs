//! Lesson 18.1: working on bytes without ever cutting a UTF-8 character.
//!
//! `cargo run -p m18-pipeline --example utf8_boundaries`

use m18_pipeline::corpus;
use m18_pipeline::pretokenize::{tokens, words};

// ANCHOR: latin1
/// The tempting mistake: a byte taken for a character. As `char`s, 0xA0 is
/// U+00A0 (no-break space) and 0x85 is U+0085 (next line), both whitespace;
/// in UTF-8 they are the second bytes of `à` (C3 A0) and `х` (D1 85).
fn latin1_words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&byte| char::from(byte).is_whitespace())
        .filter(|word| !word.is_empty())
}
// ANCHOR_END: latin1

/// A token as the book prints it: the string, or its bytes when they are
/// not UTF-8.
fn shown(token: &[u8]) -> String {
    match std::str::from_utf8(token) {
        Ok(text) => format!("{text:?}"),
        Err(error) => format!("{token:x?} ({error})"),
    }
}

// ANCHOR: valid
/// How many tokens `text` has, and how many of them are valid UTF-8 on
/// their own. For valid text, the two are always equal.
fn valid_tokens(text: &[u8]) -> (usize, usize) {
    words(text).fold((0, 0), |(all, valid), word| {
        (
            all + 1,
            valid + usize::from(std::str::from_utf8(word).is_ok()),
        )
    })
}
// ANCHOR_END: valid

// ANCHOR: main
fn main() {
    let text = "voilà, хорошо! 中文";
    let ours: Vec<String> = words(text.as_bytes()).map(shown).collect();
    println!("word bytes >= 0x80: {}", ours.join(" "));
    println!("bytes as Latin-1:");
    for word in latin1_words(text.as_bytes()) {
        println!("  {}", shown(word));
    }

    // A span is a pair of byte offsets, and each one is a character
    // boundary, so slicing the `&str` itself never panics.
    for span in tokens(text.as_bytes()) {
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }

    let corpus = corpus::synthetic(11, 300);
    let (all, valid) = valid_tokens(&corpus);
    println!("synthetic corpus: {all} tokens, {valid} of them valid UTF-8");

    // A byte budget is a different story: byte 5 is inside `à`.
    let budget = 5;
    let cut = text.floor_char_boundary(budget);
    println!(
        "first {budget} bytes: {}; cut at {cut} instead: {:?}",
        shown(&text.as_bytes()[..budget]),
        &text[..cut]
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_of_utf8_text_is_utf8() {
        for seed in 0..5 {
            let (all, valid) = valid_tokens(&corpus::synthetic(seed, 100));
            assert!(all > 1000);
            assert_eq!(valid, all);
        }
        let mixed = "àÅхР…中文 naïve, \u{1F980}crab!".as_bytes();
        let (all, valid) = valid_tokens(mixed);
        assert_eq!(valid, all);
    }

    #[test]
    fn reading_bytes_as_latin1_cuts_characters() {
        let broken = latin1_words("voilà".as_bytes())
            .filter(|word| std::str::from_utf8(word).is_err())
            .count();
        assert_eq!(broken, 1, "`à` loses its second byte");
    }

    #[test]
    fn a_byte_budget_is_rounded_down_to_a_boundary() {
        assert_eq!("voilà".floor_char_boundary(5), 4);
        assert_eq!("voilà".floor_char_boundary(6), 6);
    }
}
