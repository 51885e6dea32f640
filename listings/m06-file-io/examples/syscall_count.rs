//! Lesson 06.2: why buffer writes. Every `write` on a `File` is a system
//! call; `BufWriter` collects small writes in memory and hands the kernel a
//! few large ones. A counting wrapper makes the difference visible without
//! timing anything.

use std::io::{self, BufWriter, Write};

fn main() -> io::Result<()> {
    let direct = write_events(CountingWriter::new(Vec::new()))?;
    println!(
        "unbuffered: {} write calls for {} bytes",
        direct.calls,
        direct.inner.len()
    );

    let buffered = BufWriter::new(CountingWriter::new(Vec::new()));
    let buffered = write_events(buffered)?;
    // `into_inner` flushes and hands back the wrapped writer (or the error).
    let counted = buffered.into_inner().map_err(|e| e.into_error())?;
    println!(
        "buffered:   {} write calls for {} bytes",
        counted.calls,
        counted.inner.len()
    );
    Ok(())
}

// ANCHOR: counting
/// Wraps any writer and counts the `write` calls that reach it. Wrapped
/// around a `File`, each of those calls would be one `write(2)` syscall.
#[derive(Debug)]
struct CountingWriter<W> {
    inner: W,
    calls: usize,
}

impl<W: Write> CountingWriter<W> {
    fn new(inner: W) -> Self {
        Self { inner, calls: 0 }
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
// ANCHOR_END: counting

// ANCHOR: events
/// Writes 1,000 short outbox lines, the way a relay's audit log would.
fn write_events<W: Write>(mut out: W) -> io::Result<W> {
    for id in 1..=1_000 {
        writeln!(out, "{id} order-{} OrderPlaced", id % 7)?;
    }
    Ok(out)
}
// ANCHOR_END: events

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffering_keeps_the_bytes_and_cuts_the_calls() -> io::Result<()> {
        let direct = write_events(CountingWriter::new(Vec::new()))?;
        let buffered = write_events(BufWriter::new(CountingWriter::new(Vec::new())))?;
        let buffered = buffered.into_inner().map_err(|e| e.into_error())?;
        assert_eq!(direct.inner, buffered.inner);
        assert!(direct.calls >= 1_000, "at least one call per line");
        assert!(buffered.calls * 100 < direct.calls);
        Ok(())
    }

    #[test]
    fn a_large_write_bypasses_the_buffer() -> io::Result<()> {
        let mut out = BufWriter::with_capacity(16, CountingWriter::new(Vec::new()));
        out.write_all(&[b'x'; 64])?;
        assert_eq!(out.get_ref().calls, 1, "passed straight through");
        Ok(())
    }
}
