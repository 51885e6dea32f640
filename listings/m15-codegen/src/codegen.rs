//! Lesson 15.4: one checksum written five ways, to read what the compiler
//! makes of each.
//!
//! Every function here computes the CRC-32C that lesson 12.2 exports to C,
//! byte by byte through a 256-entry table. They differ only in how the table
//! reaches the loop, which decides whether each lookup is bounds-checked.
//! `#[inline(never)]` keeps each one a symbol of its own in the assembly, so
//! `tests/codegen.rs` can find it and check what it contains. The unit tests
//! at the bottom also run under Miri (`cargo course miri`).

// ANCHOR: table
/// The CRC-32C (Castagnoli) table: entry `i` is the CRC of the single byte `i`.
/// Built at compile time.
pub const fn crc32c_table() -> [u32; 256] {
    // The Castagnoli polynomial, bit-reversed (the CRC is computed LSB first).
    const POLY: u32 = 0x82F6_3B78;
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

pub static CRC32C_TABLE: [u32; 256] = crc32c_table();

/// The CRC-32C of `data`: the safe entry point the other functions are measured against.
pub fn crc32c(data: &[u8]) -> u32 {
    crc32c_array(&CRC32C_TABLE, data)
}
// ANCHOR_END: table

// ANCHOR: slice
/// The table as a slice: safe, and every lookup is bounds-checked, because
/// nothing tells the compiler that `table` has 256 entries.
#[inline(never)]
pub fn crc32c_slice(table: &[u32], data: &[u8]) -> u32 {
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        crc = (crc >> 8) ^ table[index];
    }
    !crc
}
// ANCHOR_END: slice

// ANCHOR: unchecked
/// The same loop without bounds checks.
///
/// # Safety
///
/// `table` must have at least 256 entries.
#[inline(never)]
pub unsafe fn crc32c_unchecked(table: &[u32], data: &[u8]) -> u32 {
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        // SAFETY: `index` was made from a `u8`, so it is at most 255, and the
        // caller promises at least 256 entries: `index < table.len()`.
        crc = (crc >> 8) ^ unsafe { *table.get_unchecked(index) };
    }
    !crc
}
// ANCHOR_END: unchecked

// ANCHOR: safe_fast
/// The type carries the proof: a `[u32; 256]` indexed by a `u8`-sized
/// value cannot be out of bounds, so there is nothing to check.
#[inline(never)]
pub fn crc32c_array(table: &[u32; 256], data: &[u8]) -> u32 {
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        crc = (crc >> 8) ^ table[index];
    }
    !crc
}

/// Check once, up front: after the `assert!`, the compiler knows that every
/// index below 256 is in bounds, and drops the checks inside the loop.
#[inline(never)]
pub fn crc32c_asserted(table: &[u32], data: &[u8]) -> u32 {
    assert!(table.len() >= 256, "a CRC table has 256 entries");
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        crc = (crc >> 8) ^ table[index];
    }
    !crc
}

/// Slice once, up front: after `&table[..256]` the compiler knows the
/// length, and no lookup in the loop is checked.
#[inline(never)]
pub fn crc32c_resliced(table: &[u32], data: &[u8]) -> u32 {
    let table = &table[..256];
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        crc = (crc >> 8) ^ table[index];
    }
    !crc
}

/// Convert once, up front: `first_chunk` checks the length and returns the
/// array type, and the loop is `crc32c_array`'s.
#[inline(never)]
pub fn crc32c_first_chunk(table: &[u32], data: &[u8]) -> u32 {
    let table: &[u32; 256] = table.first_chunk().expect("a CRC table has 256 entries");
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        crc = (crc >> 8) ^ table[index];
    }
    !crc
}
// ANCHOR_END: safe_fast

#[cfg(test)]
mod tests {
    use super::*;

    /// Miri interprets every instruction, thousands of times slower than
    /// native code: under it the inputs are small.
    const LEN: usize = if cfg!(miri) { 64 } else { 4096 };

    /// Deterministic bytes (xorshift), so a failure reproduces.
    fn payload(len: usize) -> Vec<u8> {
        let mut state = 0x2545_F491_u32;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect()
    }

    #[test]
    fn matches_the_published_check_value() {
        // The CRC catalogue's check value for CRC-32C, also used by lesson 12.2.
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(b""), 0);
    }

    #[test]
    fn every_variant_computes_the_same_checksum() {
        // A table in a `Vec`, as a slice from elsewhere would be: Miri
        // checks every access against the bounds of that allocation.
        let table = CRC32C_TABLE.to_vec();
        for len in [0, 1, 3, 4, 5, LEN] {
            let data = payload(len);
            let expected = crc32c(&data);
            assert_eq!(crc32c_slice(&table, &data), expected, "len {len}");
            assert_eq!(crc32c_asserted(&table, &data), expected, "len {len}");
            assert_eq!(crc32c_resliced(&table, &data), expected, "len {len}");
            assert_eq!(crc32c_first_chunk(&table, &data), expected, "len {len}");
            // SAFETY: `table` is a copy of CRC32C_TABLE: 256 entries.
            let unchecked = unsafe { crc32c_unchecked(&table, &data) };
            assert_eq!(unchecked, expected, "len {len}");
        }
    }

    #[test]
    #[should_panic(expected = "a CRC table has 256 entries")]
    fn the_assert_refuses_a_short_table_before_the_loop() {
        crc32c_asserted(&CRC32C_TABLE[..255], b"");
    }

    #[test]
    #[should_panic(expected = "range end index 256 out of range for slice of length 255")]
    fn reslicing_refuses_a_short_table_before_the_loop() {
        crc32c_resliced(&CRC32C_TABLE[..255], b"");
    }

    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn the_slice_version_panics_on_the_first_missing_entry() {
        // 0xFF ^ 0x00 = 255: the first byte looks up entry 255.
        crc32c_slice(&CRC32C_TABLE[..255], &[0x00]);
    }
}

/// Undefined behaviour on purpose, for Miri to find. Plain `cargo test`
/// skips it; `cargo course miri` runs it under Miri and expects Miri's
/// report, kept in `miri/short_table.txt`.
#[cfg(test)]
mod broken {
    use super::*;

    // ANCHOR: broken
    /// A table rebuilt from a list, with an off-by-one: 255 entries.
    fn table_off_by_one() -> Vec<u32> {
        (0..255).map(|i| CRC32C_TABLE[i]).collect()
    }

    #[test]
    #[cfg_attr(
        not(miri),
        ignore = "undefined behaviour on purpose: `cargo course miri` runs it under Miri"
    )]
    fn a_short_table_breaks_the_contract() {
        let table = table_off_by_one();
        // 0xFF ^ 0x00 = 255: the first byte looks up the missing entry.
        let payload = [0x00, 0x01, 0x02];
        // SAFETY: none. The contract asks for 256 entries and `table` has 255.
        let crc = unsafe { crc32c_unchecked(&table, &payload) };
        assert_eq!(crc, crc32c(&payload));
    }
    // ANCHOR_END: broken
}
