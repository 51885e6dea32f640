//! Lesson 03.3: what an enum costs in memory. Sizes are for a 64-bit target.

use outbox_core::MessageState;
use std::num::NonZeroU32;

// ANCHOR: tagged
/// A tagged union: room for the largest variant, plus a tag saying which.
#[allow(dead_code)] // measured, never read
enum Reading {
    Flag(bool),
    Count(u64),
}
// ANCHOR_END: tagged

// ANCHOR: table
/// (type, size in bytes)
fn size_table() -> Vec<(&'static str, usize)> {
    vec![
        ("u64", size_of::<u64>()),
        ("Reading", size_of::<Reading>()),
        ("u32", size_of::<u32>()),
        ("Option<u32>", size_of::<Option<u32>>()),
        ("NonZeroU32", size_of::<NonZeroU32>()),
        ("Option<NonZeroU32>", size_of::<Option<NonZeroU32>>()),
        ("Box<u64>", size_of::<Box<u64>>()),
        ("Option<Box<u64>>", size_of::<Option<Box<u64>>>()),
        ("&str", size_of::<&str>()),
        ("Option<&str>", size_of::<Option<&str>>()),
        ("String", size_of::<String>()),
        ("Option<String>", size_of::<Option<String>>()),
        ("MessageState", size_of::<MessageState>()),
    ]
}
// ANCHOR_END: table

fn main() {
    println!("{:<20} bytes", "type");
    for (name, bytes) in size_table() {
        println!("{name:<20} {bytes:>5}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guaranteed_niches_make_option_free() {
        // Documented guarantees: Box, references and NonZero types are never
        // zero, so `None` is stored as zero and needs no tag.
        assert_eq!(size_of::<Option<Box<u64>>>(), size_of::<Box<u64>>());
        assert_eq!(size_of::<Option<&str>>(), size_of::<&str>());
        assert_eq!(size_of::<Option<NonZeroU32>>(), size_of::<u32>());
    }

    #[test]
    fn without_a_niche_the_tag_costs_alignment() {
        assert_eq!(size_of::<Option<u32>>(), 8);
        assert_eq!(size_of::<Reading>(), 16);
    }
}
