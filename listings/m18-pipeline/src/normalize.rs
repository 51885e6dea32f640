//! Normalisation: ASCII lowercasing.
//!
//! Only ASCII letters change, so the text keeps its length and every byte
//! offset found before normalising is still right after it. Bytes of 0x80
//! and above (the parts of multi-byte UTF-8 characters) are left alone.

use std::borrow::Cow;

// ANCHOR: lowercase
/// The text with ASCII letters lowercased. Text that has no uppercase
/// letter, which is most of a typical corpus's lines, is returned borrowed:
/// no allocation, no copy.
pub fn lowercase(text: &[u8]) -> Cow<'_, [u8]> {
    match text.iter().position(u8::is_ascii_uppercase) {
        None => Cow::Borrowed(text),
        Some(first) => {
            let mut owned = text.to_vec();
            owned[first..].make_ascii_lowercase();
            Cow::Owned(owned)
        }
    }
}
// ANCHOR_END: lowercase

// ANCHOR: into
/// Lowercases `text` into `out`, reusing `out`'s allocation: the form a
/// loop over many documents wants, since one buffer serves them all.
pub fn lowercase_into(text: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(text);
    out.make_ascii_lowercase();
}
// ANCHOR_END: into

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_text_is_borrowed() {
        assert!(matches!(lowercase(b"already lower"), Cow::Borrowed(_)));
    }

    #[test]
    fn uppercase_ascii_is_lowered_and_the_rest_kept() {
        let text = "Caf\u{e9} \u{c9}T\u{c9} ABC".as_bytes();
        let lowered = lowercase(text);
        assert!(matches!(lowered, Cow::Owned(_)));
        // É (U+00C9) is not ASCII: it stays as it was, and so does the length.
        assert_eq!(&*lowered, "caf\u{e9} \u{c9}t\u{c9} abc".as_bytes());
        assert_eq!(lowered.len(), text.len());
    }

    #[test]
    fn into_reuses_the_buffer() {
        let mut out = Vec::with_capacity(64);
        let before = out.as_ptr();
        lowercase_into(b"HELLO", &mut out);
        lowercase_into(b"World", &mut out);
        assert_eq!(out, b"world");
        assert_eq!(out.as_ptr(), before);
    }
}
