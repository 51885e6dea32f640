//! Calling an `unsafe fn` outside an `unsafe` block.

/// The table entry for `index`, unchecked.
///
/// # Safety
///
/// `index` must be less than `table.len()`.
unsafe fn entry(table: &[u32], index: usize) -> u32 {
    // SAFETY: the caller promises `index < table.len()`.
    unsafe { *table.get_unchecked(index) }
}

fn main() {
    let table = [0x0000_0000, 0xF26B_8303];
    let crc = entry(&table, 1);
    println!("{crc:08X}");
}
