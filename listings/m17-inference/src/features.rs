//! Turning an outbox event into the model's input.
//!
//! This must match `features()` in `model/make_model.py` bit for bit: a
//! model trained on one tokenizer and fed by another gives confident answers
//! to questions nobody asked it. `model/reference.json` holds Python's
//! vectors, and the tests compare them with these.

/// Length of the feature vector: the model's input width.
pub const BUCKETS: usize = 64;

/// The model's input for one event: how many of its tokens hashed into each bucket.
pub type Features = [f32; BUCKETS];

// ANCHOR: tokens
/// The words of `text`: maximal runs of ASCII letters and digits. Every other
/// character (spaces, punctuation, any non-ASCII letter) separates words, so
/// `"payment.failed"` is two tokens and `"Köln"` is `"K"` and `"ln"`.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty())
}

/// FNV-1a, 32 bits, over the ASCII-lowercased bytes of `token`. Specified
/// to the bit (unlike std's `DefaultHasher`), so Python computes the same.
pub fn fnv1a32_lowercase(token: &str) -> u32 {
    const OFFSET_BASIS: u32 = 2_166_136_261;
    const PRIME: u32 = 16_777_619;
    token.bytes().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u32::from(byte.to_ascii_lowercase())).wrapping_mul(PRIME)
    })
}
// ANCHOR_END: tokens

// ANCHOR: features
/// The feature vector of an event: word counts per hash bucket, over the
/// event type and the payload. Counts are small integers, which `f32` holds
/// exactly, so no rounding can make Rust and Python disagree.
pub fn features(event_type: &str, payload: &str) -> Features {
    let mut counts = [0.0_f32; BUCKETS];
    for token in tokens(event_type).chain(tokens(payload)) {
        // BUCKETS fits in u32, and the remainder is below it: no truncation.
        let bucket = fnv1a32_lowercase(token) % BUCKETS as u32;
        counts[bucket as usize] += 1.0;
    }
    counts
}
// ANCHOR_END: features

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_everything_but_ascii_letters_and_digits() {
        let words: Vec<&str> = tokens("payment.failed: Card #42 in Köln").collect();
        assert_eq!(words, ["payment", "failed", "Card", "42", "in", "K", "ln"]);
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a32_lowercase(""), 0x811c_9dc5);
        assert_eq!(fnv1a32_lowercase("a"), 0xe40c_292c);
        assert_eq!(fnv1a32_lowercase("foobar"), 0xbf9c_f968);
        assert_eq!(fnv1a32_lowercase("FooBar"), fnv1a32_lowercase("foobar"));
    }

    #[test]
    fn features_count_every_token_once() {
        let vector = features("order.created", "Order 7 created");
        assert_eq!(vector.iter().sum::<f32>(), 5.0);
        assert_eq!(features("", ""), [0.0; BUCKETS]);
    }
}
