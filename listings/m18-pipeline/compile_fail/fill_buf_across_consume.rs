// Keeping the slice `fill_buf` returned while calling `consume`. Both
// borrow the reader mutably. std's `BufRead` has the same two methods, with
// the same signatures, as tokio's `AsyncBufReadExt` (without the `.await`),
// so this file needs no crate.
use std::io::{self, BufRead, BufReader};

fn next_document(reader: &mut impl BufRead, document: &mut Vec<u8>) -> io::Result<()> {
    let available = reader.fill_buf()?;
    let taken = available.iter().position(|&byte| byte == 0x1E).unwrap_or(available.len());
    reader.consume(taken);
    document.extend_from_slice(&available[..taken]);
    Ok(())
}

fn main() -> io::Result<()> {
    let mut reader = BufReader::new(&b"first\x1esecond"[..]);
    let mut document = Vec::new();
    next_document(&mut reader, &mut document)?;
    assert_eq!(document, b"first");
    Ok(())
}
