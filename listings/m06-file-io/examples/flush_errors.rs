//! Lesson 06.2: a `BufWriter` that is simply dropped flushes its buffer but
//! throws away any error from that flush. Call `flush()` (or `into_inner()`)
//! yourself, where a `?` can carry the error to someone who cares.

use std::io::{self, BufWriter, Write};

fn main() {
    println!("dropped:    {:?}", write_then_drop());
    println!(
        "flushed:    {:?}",
        write_then_flush().map_err(|e| e.to_string())
    );
    println!(
        "into_inner: {:?}",
        write_then_into_inner().map_err(|e| e.to_string())
    );
}

// ANCHOR: full_disk
/// A writer whose every write fails, like a file on a full disk.
#[derive(Debug)]
struct FullDisk;

impl Write for FullDisk {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(
            io::ErrorKind::StorageFull,
            "no space left on device",
        ))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
// ANCHOR_END: full_disk

// ANCHOR: drop
/// Looks successful: the bytes only reached the buffer, and the failed
/// flush inside `Drop` is ignored.
fn write_then_drop() -> io::Result<()> {
    let mut out = BufWriter::new(FullDisk);
    writeln!(out, "7 order-42 OrderPlaced")?;
    Ok(())
} // `out` dropped here: flush fails, nobody hears about it
// ANCHOR_END: drop

// ANCHOR: flush
/// Reports the failure, because `flush` returns it.
fn write_then_flush() -> io::Result<()> {
    let mut out = BufWriter::new(FullDisk);
    writeln!(out, "7 order-42 OrderPlaced")?;
    out.flush()?;
    Ok(())
}

/// Also reports it, and gives back the inner writer on success.
fn write_then_into_inner() -> io::Result<FullDisk> {
    let mut out = BufWriter::new(FullDisk);
    writeln!(out, "7 order-42 OrderPlaced")?;
    out.into_inner().map_err(io::IntoInnerError::into_error)
}
// ANCHOR_END: flush

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_hides_the_error() {
        assert!(write_then_drop().is_ok());
    }

    #[test]
    fn flush_and_into_inner_report_it() {
        let flushed = write_then_flush().expect_err("flush fails");
        assert_eq!(flushed.kind(), io::ErrorKind::StorageFull);
        let inner = write_then_into_inner().expect_err("into_inner fails");
        assert_eq!(inner.kind(), io::ErrorKind::StorageFull);
    }
}
