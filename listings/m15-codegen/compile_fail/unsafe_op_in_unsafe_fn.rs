//! An unsafe operation in an `unsafe fn` without its own `unsafe` block.
//! Edition 2024 warns by default; `deny` makes it an error here so that its
//! text is kept beside the book.
#![deny(unsafe_op_in_unsafe_fn)]

/// The table entry for `index`, unchecked.
///
/// # Safety
///
/// `index` must be less than `table.len()`.
unsafe fn entry(table: &[u32], index: usize) -> u32 {
    *table.get_unchecked(index)
}

fn main() {
    let table = [0x0000_0000, 0xF26B_8303];
    // SAFETY: 1 < 2.
    let crc = unsafe { entry(&table, 1) };
    println!("{crc:08X}");
}
