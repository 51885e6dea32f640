//! Lesson 01.2: how many bytes each primitive type takes.
//!
//! Run with `cargo run -p m01-core-foundations --example type_sizes`.
//! The `usize`/`isize` rows are for a 64-bit target.

use std::mem::size_of;

// ANCHOR: table
/// One row per type: its name and its size in bytes.
fn size_table() -> Vec<(&'static str, usize)> {
    vec![
        ("u8 / i8", size_of::<u8>()),
        ("u16 / i16", size_of::<u16>()),
        ("u32 / i32", size_of::<u32>()),
        ("u64 / i64", size_of::<u64>()),
        ("u128 / i128", size_of::<u128>()),
        ("usize / isize", size_of::<usize>()),
        ("f32", size_of::<f32>()),
        ("f64", size_of::<f64>()),
        ("bool", size_of::<bool>()),
        ("char", size_of::<char>()),
        ("()", size_of::<()>()),
        ("(u8, u32)", size_of::<(u8, u32)>()),
        ("[u8; 16]", size_of::<[u8; 16]>()),
        ("[i64; 4]", size_of::<[i64; 4]>()),
    ]
}
// ANCHOR_END: table

fn main() {
    println!("{:<14} bytes", "type");
    for (name, bytes) in size_table() {
        println!("{name:<14} {bytes:>5}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_the_table_in_the_lesson() {
        assert_eq!(size_of::<char>(), 4);
        assert_eq!(size_of::<bool>(), 1);
        assert_eq!(size_of::<()>(), 0);
        // padding: the u32 must start at a multiple of 4
        assert_eq!(size_of::<(u8, u32)>(), 8);
        assert_eq!(size_of::<usize>(), size_of::<*const u8>());
        assert_eq!(size_table().len(), 14);
    }
}
