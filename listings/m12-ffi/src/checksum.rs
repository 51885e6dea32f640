//! CRC-32C (Castagnoli), the checksum iSCSI, ext4 and Kafka's record batches
//! use. Table-driven, one byte at a time: a tight loop over a slice, which
//! is exactly the kind of work worth moving out of Python (lesson 12.1).

// ANCHOR: table
/// The reversed Castagnoli polynomial.
const POLYNOMIAL: u32 = 0x82F6_3B78;

/// The 256 partial remainders, computed by the compiler: a `const fn` runs
/// at compile time when its result initialises a `const` or `static`.
static TABLE: [u32; 256] = make_table();

const fn make_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
}
// ANCHOR_END: table

// ANCHOR: crc32c
/// CRC-32C of `data`.
///
/// ```
/// // The check value every CRC catalogue lists for "123456789".
/// assert_eq!(m12_ffi::crc32c(b"123456789"), 0xE306_9283);
/// ```
pub fn crc32c(data: &[u8]) -> u32 {
    extend(0, data)
}

/// Continues a CRC-32C over more data, so a stream can be checked in
/// pieces: `extend(crc32c(a), b) == crc32c(a ++ b)`.
pub fn extend(crc: u32, data: &[u8]) -> u32 {
    let mut crc = !crc;
    for &byte in data {
        // `as u8` keeps the low byte; `usize::from` widens without a cast.
        let index = usize::from((crc as u8) ^ byte);
        crc = (crc >> 8) ^ TABLE[index];
    }
    !crc
}
// ANCHOR_END: crc32c

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_check_values() {
        // RFC 3720, appendix B.4, and the CRC catalogue's check value.
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
        assert_eq!(crc32c(&[0xFFu8; 32]), 0x62A8_AB43);
        let ascending: Vec<u8> = (0..32).collect();
        assert_eq!(crc32c(&ascending), 0x46DD_794E);
    }

    #[test]
    fn extends_across_pieces() {
        let data = b"the outbox keeps every message";
        for split in 0..=data.len() {
            let (a, b) = data.split_at(split);
            assert_eq!(extend(crc32c(a), b), crc32c(data));
        }
    }
}
