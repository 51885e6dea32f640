//! Lesson 15.4, answers to "Try it". `cargo course miri` runs these tests
//! under Miri, and the `broken` one (answer 1) must fail there with the
//! report in `miri/raw_pointer.txt`. Answer 4 is about assembly that
//! `tests/codegen.rs` checks.

use m15_codegen::codegen::{CRC32C_TABLE, crc32c_array};
use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: answer1
/// `crc32c_unchecked` with a raw pointer instead of `get_unchecked`.
///
/// # Safety
///
/// `table` must have at least 256 entries.
pub unsafe fn crc32c_raw(table: &[u32], data: &[u8]) -> u32 {
    let mut crc = !0;
    for &byte in data {
        let index = usize::from(crc as u8 ^ byte);
        // SAFETY: `index` is at most 255 and the caller promises 256
        // entries, so the pointer stays inside `table` and is aligned.
        crc = (crc >> 8) ^ unsafe { table.as_ptr().add(index).read() };
    }
    !crc
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// How many checksums were computed, from any thread, without `unsafe`.
static CHECKSUMS_COMPUTED: AtomicU64 = AtomicU64::new(0);

fn count_checksum() -> u64 {
    // Relaxed: the counter orders nothing else; it only has to add up.
    CHECKSUMS_COMPUTED.fetch_add(1, Ordering::Relaxed) + 1
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// A safe front for callers that hold a table of unknown length: `None`
/// for a table that is too short, and no `unsafe` needed to be fast.
pub fn crc32c_with(table: &[u32], data: &[u8]) -> Option<u32> {
    let table: &[u32; 256] = table.first_chunk()?;
    Some(crc32c_array(table, data))
}
// ANCHOR_END: answer3

fn main() {
    let data = b"123456789";
    // SAFETY: CRC32C_TABLE has 256 entries.
    let raw = unsafe { crc32c_raw(&CRC32C_TABLE, data) };
    println!("1. raw:    {raw:08X}");
    // The scope joins its four threads before it returns.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(count_checksum);
        }
    });
    let counted = CHECKSUMS_COMPUTED.load(Ordering::Relaxed);
    println!("2. atomic: {counted} checksums counted by four threads");
    println!(
        "3. with:   {:?} and {:?}",
        crc32c_with(&CRC32C_TABLE, data).map(|c| format!("{c:08X}")),
        crc32c_with(&CRC32C_TABLE[..255], data)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use m15_codegen::codegen::crc32c;

    #[test]
    fn every_answer_computes_the_crc32c() {
        let table = CRC32C_TABLE.to_vec();
        for data in [&b""[..], b"1", b"123456789", b"{\"order\":1}"] {
            let expected = crc32c(data);
            // SAFETY: `table` has 256 entries.
            assert_eq!(unsafe { crc32c_raw(&table, data) }, expected);
            assert_eq!(crc32c_with(&table, data), Some(expected));
        }
    }

    #[test]
    fn the_safe_front_refuses_a_short_table() {
        assert_eq!(crc32c_with(&CRC32C_TABLE[..255], b"123456789"), None);
        assert_eq!(crc32c_with(&[], b""), None);
    }

    #[test]
    fn the_atomic_counter_counts_every_thread() {
        let before = CHECKSUMS_COMPUTED.load(Ordering::Relaxed);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(count_checksum);
            }
        });
        // Other tests may count too, so at least four more.
        assert!(CHECKSUMS_COMPUTED.load(Ordering::Relaxed) >= before + 4);
    }
}

/// Answer 1's undefined behaviour, for Miri: the same 255-entry table as
/// `codegen::broken`, through a raw pointer.
#[cfg(test)]
mod broken {
    use super::*;
    use m15_codegen::codegen::crc32c;

    // ANCHOR: answer1_broken
    #[test]
    #[cfg_attr(
        not(miri),
        ignore = "undefined behaviour on purpose: `cargo course miri` runs it under Miri"
    )]
    fn raw_pointer_past_the_end() {
        let table: Vec<u32> = CRC32C_TABLE[..255].to_vec();
        // SAFETY: none. The table has 255 entries; the first byte reads entry 255.
        let crc = unsafe { crc32c_raw(&table, &[0x00]) };
        assert_eq!(crc, crc32c(&[0x00]));
    }
    // ANCHOR_END: answer1_broken
}
