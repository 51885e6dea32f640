//! Pre-tokenization: splitting text into words and runs of symbols.
//!
//! Every byte belongs to one of three classes:
//! - **word**: `A-Z`, `a-z`, `0-9`, `_`, and every byte of 0x80 or above, so a
//!   multi-byte UTF-8 character (é, ж, 中) is part of a word and a token never
//!   ends inside one;
//! - **space**: the ASCII whitespace `' '`, `\t`, `\n`, `\r`, `\x0B`, `\x0C`;
//! - **symbol**: every other byte (punctuation, control characters).
//!
//! A token is a maximal run of word bytes or of symbol bytes; spaces separate
//! tokens and belong to none. That is the regular expression
//! `[A-Za-z0-9_\x80-\xFF]+|[^A-Za-z0-9_\x80-\xFF\s]+` over bytes, which is how
//! the Python versions of lesson 18.5 write it.

/// The class of a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Word,
    Space,
    Symbol,
}

// ANCHOR: table
/// One entry per byte value, computed at compile time: classifying a byte is
/// one load from a 256-byte table that stays in the L1 cache.
static CLASSES: [Class; 256] = {
    let mut table = [Class::Symbol; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
            Class::Word
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
            Class::Space
        } else {
            Class::Symbol
        };
        byte += 1;
    }
    table
};

/// The class of `byte`.
pub fn class_of(byte: u8) -> Class {
    CLASSES[usize::from(byte)]
}
// ANCHOR_END: table

// ANCHOR: span
/// A token, as the byte range it covers in the text it was found in. Two
/// `usize`s instead of a `String`: no allocation, and the text itself is
/// never copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The token's bytes, borrowed from the text the span was found in.
    pub fn of<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        &text[self.start..self.end]
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}
// ANCHOR_END: span

// ANCHOR: tokens
/// The tokens of `text`, in order, as spans. Lazy: nothing is found until
/// the iterator is asked, and nothing is allocated at all.
pub fn tokens(text: &[u8]) -> Tokens<'_> {
    Tokens { text, position: 0 }
}

/// The iterator [`tokens`] returns. It borrows the text, so the text cannot
/// be changed or dropped while tokens are still being read from it.
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t [u8],
    position: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let text = self.text;
        let mut at = self.position;
        while at < text.len() && class_of(text[at]) == Class::Space {
            at += 1;
        }
        let start = at;
        let class = class_of(*text.get(start)?);
        at += 1;
        while at < text.len() && class_of(text[at]) == class {
            at += 1;
        }
        self.position = at;
        Some(Span { start, end: at })
    }
}
// ANCHOR_END: tokens

// ANCHOR: words
/// The tokens as borrowed slices of `text`: what a caller who wants the
/// words themselves uses. Still no allocation.
pub fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    tokens(text).map(|span| span.of(text))
}
// ANCHOR_END: words

// ANCHOR: spans_into
/// Every token of `text`, written into `spans` (cleared first): the same
/// spans as [`tokens`], found 64 bytes at a time. On x86_64 the bytes are
/// classified with SSE2 (part of every x86_64 CPU) into one bit per byte,
/// and token boundaries are found with shifts and masks, so the loop no
/// longer branches on every byte; elsewhere it falls back to [`tokens`].
pub fn spans_into(text: &[u8], spans: &mut Vec<Span>) {
    spans.clear();
    #[cfg(target_arch = "x86_64")]
    {
        sse2::spans_into(text, spans);
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        spans.extend(tokens(text));
    }
}
// ANCHOR_END: spans_into

// ANCHOR: boundaries
/// The boundaries of the tokens in one block of up to 64 bytes, given one
/// bit per byte for "word byte" and for "space byte".
#[derive(Debug, Default)]
struct Boundaries {
    /// Bit 0: whether the byte before this block was a word byte, or a
    /// symbol byte: a token can run on from one block into the next.
    word_before: u64,
    symbol_before: u64,
}

impl Boundaries {
    /// Appends the tokens that start in this block, and sets the ends of
    /// those that end in it (`ended` counts the spans whose end is known).
    fn block(
        &mut self,
        word: u64,
        space: u64,
        offset: usize,
        spans: &mut Vec<Span>,
        ended: &mut usize,
    ) {
        let symbol = !word & !space;
        // Bit i: byte i - 1 was of the class (bit 0 from the previous block).
        let word_shifted = (word << 1) | self.word_before;
        let symbol_shifted = (symbol << 1) | self.symbol_before;
        let mut starts = (word & !word_shifted) | (symbol & !symbol_shifted);
        let mut ends = (word_shifted & !word) | (symbol_shifted & !symbol);
        self.word_before = word >> 63;
        self.symbol_before = symbol >> 63;
        while starts != 0 {
            let start = offset + starts.trailing_zeros() as usize;
            spans.push(Span { start, end: start });
            starts &= starts - 1;
        }
        while ends != 0 {
            spans[*ended].end = offset + ends.trailing_zeros() as usize;
            *ended += 1;
            ends &= ends - 1;
        }
    }
}

// ANCHOR_END: boundaries

// ANCHOR: sse2
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{Boundaries, Span};
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_sub_epi8,
    };

    /// One bit per byte of `block`: (word bytes, space bytes).
    fn masks(block: &[u8; 64]) -> (u64, u64) {
        let mut word = 0;
        let mut space = 0;
        for (lane, bytes) in block.chunks_exact(16).enumerate() {
            // SAFETY: `bytes` is 16 bytes long, and `_mm_loadu_si128` reads
            // exactly 16 bytes with no alignment requirement. SSE2 is part of
            // the x86_64 baseline, so the target-feature call is sound too.
            let (w, s) = unsafe { lane_masks(_mm_loadu_si128(bytes.as_ptr().cast::<__m128i>())) };
            word |= u64::from(w) << (16 * lane);
            space |= u64::from(s) << (16 * lane);
        }
        (word, space)
    }

    /// The classes of 16 bytes at once, as two 16-bit masks.
    #[target_feature(enable = "sse2")]
    fn lane_masks(bytes: __m128i) -> (u16, u16) {
        // `x` in `low..low + count`, unsigned: (x - low) <= count - 1.
        let in_range = |x: __m128i, low: u8, count: u8| {
            let offset = _mm_sub_epi8(x, _mm_set1_epi8(low as i8));
            _mm_cmpeq_epi8(
                _mm_min_epu8(offset, _mm_set1_epi8((count - 1) as i8)),
                offset,
            )
        };
        let letter = in_range(_mm_or_si128(bytes, _mm_set1_epi8(0x20)), b'a', 26);
        let digit = in_range(bytes, b'0', 10);
        let underscore = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'_' as i8));
        // 0x80 and above are negative as signed bytes.
        let high = _mm_cmplt_epi8(bytes, _mm_setzero_si128());
        let word = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(underscore, high));
        // ' ' and \t \n \x0B \x0C \r (9 to 13).
        let space = _mm_or_si128(
            _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b' ' as i8)),
            in_range(bytes, 9, 5),
        );
        (
            _mm_movemask_epi8(word) as u16,
            _mm_movemask_epi8(space) as u16,
        )
    }

    pub(super) fn spans_into(text: &[u8], spans: &mut Vec<Span>) {
        let mut boundaries = Boundaries::default();
        let mut ended = 0;
        let mut blocks = text.chunks_exact(64);
        let mut offset = 0;
        for block in &mut blocks {
            let (word, space) = masks(block.try_into().expect("chunks_exact(64) gives 64 bytes"));
            boundaries.block(word, space, offset, spans, &mut ended);
            offset += 64;
        }
        // The tail, padded with spaces: they end the last token and start none.
        let mut last = [b' '; 64];
        let tail = blocks.remainder();
        last[..tail.len()].copy_from_slice(tail);
        let (word, space) = masks(&last);
        boundaries.block(word, space, offset, spans, &mut ended);
        debug_assert_eq!(ended, spans.len(), "every token that starts also ends");
    }
}
// ANCHOR_END: sse2

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<&str> {
        words(text.as_bytes())
            .map(|word| std::str::from_utf8(word).expect("tokens end on character boundaries"))
            .collect()
    }

    #[test]
    fn words_and_symbol_runs_split_on_space() {
        assert_eq!(
            strings("Hello, world! a_b=>c  \t(x)"),
            ["Hello", ",", "world", "!", "a_b", "=>", "c", "(", "x", ")"]
        );
    }

    #[test]
    fn multi_byte_characters_stay_inside_words() {
        assert_eq!(strings("café—crème 中文."), ["café—crème", "中文", "."]);
    }

    #[test]
    fn empty_and_blank_text_have_no_tokens() {
        assert_eq!(tokens(b"").count(), 0);
        assert_eq!(tokens(b" \n\t ").count(), 0);
    }

    #[test]
    fn spans_cover_the_tokens_exactly() {
        let text = b"  ab  cd";
        let spans: Vec<Span> = tokens(text).collect();
        assert_eq!(
            spans,
            [Span { start: 2, end: 4 }, Span { start: 6, end: 8 }]
        );
        assert_eq!(spans[1].of(text), b"cd");
    }

    #[test]
    fn the_fast_scanner_finds_the_same_spans_as_the_iterator() {
        // Every byte value, at every length around the 64-byte blocks.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut spans = Vec::new();
        for length in 0..300 {
            for _ in 0..20 {
                // Mostly letters and spaces (so tokens are long), some of every byte.
                let text: Vec<u8> = (0..length)
                    .map(|_| match random() % 8 {
                        0 => (random() % 256) as u8,
                        1 => b' ',
                        2 => b',',
                        _ => b'a' + (random() % 26) as u8,
                    })
                    .collect();
                spans_into(&text, &mut spans);
                assert_eq!(spans, tokens(&text).collect::<Vec<_>>(), "text {text:?}");
            }
        }
        let corpus = crate::corpus::synthetic(11, 200);
        spans_into(&corpus, &mut spans);
        assert_eq!(spans, tokens(&corpus).collect::<Vec<_>>());
    }
}
