//! Answers to the exercises of lesson 06.2 (buffered IO and error
//! propagation). Each answer is a module; `main` runs them and prints what
//! they return.

use std::io::{self, BufWriter, Write};

/// `CountingWriter` from `syscall_count.rs`: counts the `write` calls.
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

/// `write_events` from `syscall_count.rs`.
fn write_events<W: Write>(mut out: W) -> io::Result<W> {
    for id in 1..=1_000 {
        writeln!(out, "{id} order-{} OrderPlaced", id % 7)?;
    }
    Ok(out)
}

// ANCHOR: answer1
mod answer1 {
    use super::{CountingWriter, write_events};
    use std::io::{self, BufWriter};

    /// The buffered run with a 64-byte buffer: (write calls, bytes).
    pub(crate) fn tiny_buffer() -> io::Result<(usize, usize)> {
        let buffered = BufWriter::with_capacity(64, CountingWriter::new(Vec::new()));
        let counted = write_events(buffered)?
            .into_inner()
            .map_err(|e| e.into_error())?;
        Ok((counted.calls, counted.inner.len()))
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::io::{self, Write};

    /// Each line formatted into a `String` first, then written in one call.
    pub(crate) fn write_events_preformatted<W: Write>(mut out: W) -> io::Result<W> {
        for id in 1..=1_000 {
            let line = format!("{id} order-{} OrderPlaced\n", id % 7);
            out.write_all(line.as_bytes())?;
        }
        Ok(out)
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::io::{self, BufRead};

    /// `scan_events` from `read_lines.rs` without `line.clear()`, reading
    /// from memory.
    pub(crate) fn scan_events_without_clear(
        mut reader: impl BufRead,
    ) -> io::Result<(usize, usize)> {
        let mut line = String::new();
        let (mut events, mut longest) = (0, 0);
        loop {
            let read = reader.read_line(&mut line)?;
            if read == 0 {
                break;
            }
            let text = line.trim_end_matches(['\n', '\r']);
            if !text.is_empty() {
                events += 1;
                longest = longest.max(text.len());
            }
        }
        Ok((events, longest))
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::cell::RefCell;
    use std::io::{self, BufWriter, Write};

    /// `FullDisk` with a `Drop` impl. It writes into a log (rather than
    /// printing) so a test can check the order of events.
    pub(crate) struct FullDisk<'log>(pub(crate) &'log RefCell<Vec<&'static str>>);

    impl Write for FullDisk<'_> {
        fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push("write failed");
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Drop for FullDisk<'_> {
        fn drop(&mut self) {
            self.0.borrow_mut().push("FullDisk dropped");
        }
    }

    /// `write_then_drop` from `flush_errors.rs`.
    pub(crate) fn write_then_drop(log: &RefCell<Vec<&'static str>>) -> io::Result<()> {
        let mut out = BufWriter::new(FullDisk(log));
        writeln!(out, "7 order-42 OrderPlaced")?;
        log.borrow_mut().push("function returns Ok");
        Ok(())
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use anyhow::{Context, Result, bail};
    use std::fs;
    use std::path::Path;

    #[derive(Debug, PartialEq)]
    pub(crate) struct RelayConfig {
        pub(crate) broker: String,
        pub(crate) queue: String,
        pub(crate) batch_size: u32,
    }

    /// Unchanged from `config_context.rs`: this `with_context` is what puts
    /// the file name on every parse error, unknown keys included.
    pub(crate) fn load_config(path: &Path) -> Result<RelayConfig> {
        let text = fs::read_to_string(path)
            .with_context(|| format!("reading config {}", path.display()))?;
        parse_config(&text).with_context(|| format!("parsing config {}", path.display()))
    }

    pub(crate) fn parse_config(text: &str) -> Result<RelayConfig> {
        let (mut broker, mut queue, mut batch_size) = (None, None, None);
        for (number, line) in text.lines().enumerate() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            match key.trim() {
                "broker" => broker = Some(value.trim().to_owned()),
                "queue" => queue = Some(value.trim().to_owned()),
                "batch_size" => {
                    let parsed = value.trim().parse::<u32>();
                    batch_size = Some(parsed.with_context(|| format!("line {}", number + 1))?);
                }
                other => bail!("unknown key {other:?} on line {}", number + 1),
            }
        }
        Ok(RelayConfig {
            broker: broker.context("missing key `broker`")?,
            queue: queue.context("missing key `queue`")?,
            batch_size: batch_size.unwrap_or(50),
        })
    }
}
// ANCHOR_END: answer5

fn main() -> anyhow::Result<()> {
    let (calls, bytes) = answer1::tiny_buffer()?;
    println!("answer 1: {calls} write calls for {bytes} bytes through a 64-byte buffer");

    let direct = answer2::write_events_preformatted(CountingWriter::new(Vec::new()))?;
    let buffered =
        answer2::write_events_preformatted(BufWriter::new(CountingWriter::new(Vec::new())))?
            .into_inner()
            .map_err(|e| e.into_error())?;
    println!(
        "answer 2: preformatted lines, {} calls unbuffered, {} buffered",
        direct.calls, buffered.calls
    );

    let scanned = answer3::scan_events_without_clear(&b"a\r\nbbb\n\ncc"[..])?;
    println!("answer 3: (events, longest) = {scanned:?}, not (3, 3)");

    let log = std::cell::RefCell::new(Vec::new());
    let result = answer4::write_then_drop(&log);
    println!(
        "answer 4: {:?}, returned ok: {}",
        log.borrow(),
        result.is_ok()
    );

    let error = answer5::parse_config("broker = amqp://localhost\n").expect_err("no queue");
    println!("answer 5: {error:#}");
    let answer5::RelayConfig {
        broker,
        queue,
        batch_size,
    } = answer5::parse_config("broker = amqp://localhost\nqueue = outbox\n")?;
    println!("answer 5: {broker} {queue} {batch_size}");
    let missing = std::path::Path::new("/definitely/not/here/relay.conf");
    if let Err(error) = answer5::load_config(missing) {
        println!("answer 5: {error:#}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn answer1_a_tiny_buffer_makes_many_small_writes() -> io::Result<()> {
        let (calls, bytes) = answer1::tiny_buffer()?;
        assert_eq!(bytes, 23_893);
        // Every call hands over at most 64 bytes, so there are at least
        // bytes / 64 of them; still far fewer than the 4,000 unbuffered ones.
        assert!(calls >= bytes / 64, "{calls}");
        assert!(calls < 4_000 / 4, "{calls}");
        Ok(())
    }

    #[test]
    fn answer2_one_write_per_line_without_a_buffer() -> io::Result<()> {
        let direct = answer2::write_events_preformatted(CountingWriter::new(Vec::new()))?;
        assert_eq!(direct.calls, 1_000);
        let original = write_events(CountingWriter::new(Vec::new()))?;
        assert_eq!(direct.inner, original.inner, "the same bytes");
        let buffered =
            answer2::write_events_preformatted(BufWriter::new(CountingWriter::new(Vec::new())))?
                .into_inner()
                .map_err(|e| e.into_error())?;
        assert!(buffered.calls < 10, "{}", buffered.calls);
        Ok(())
    }

    #[test]
    fn answer3_without_clear_the_buffer_keeps_every_earlier_line() -> io::Result<()> {
        // Each read appends: the blank line is no longer blank, and "longest"
        // is the length of everything read so far, "a\r\nbbb\n\ncc".
        assert_eq!(
            answer3::scan_events_without_clear(&b"a\r\nbbb\n\ncc"[..])?,
            (4, 10)
        );
        Ok(())
    }

    #[test]
    fn answer4_the_drop_comes_after_the_failed_flush_and_nobody_hears() {
        let log = RefCell::new(Vec::new());
        assert!(answer4::write_then_drop(&log).is_ok());
        assert_eq!(
            log.into_inner(),
            ["function returns Ok", "write failed", "FullDisk dropped"]
        );
    }

    #[test]
    fn answer5_queue_is_required_and_errors_name_the_file() -> anyhow::Result<()> {
        let err = answer5::parse_config("broker = x\n").expect_err("no queue");
        assert_eq!(err.to_string(), "missing key `queue`");

        let name = format!("rust-mastery-answers-06-2-{}.conf", std::process::id());
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, "broker = x\nqueue = outbox\ncolour = blue\n")?;
        let err = answer5::load_config(&path).expect_err("unknown key");
        std::fs::remove_file(&path)?;
        assert_eq!(
            format!("{err:#}"),
            format!(
                "parsing config {}: unknown key \"colour\" on line 3",
                path.display()
            )
        );
        Ok(())
    }
}
