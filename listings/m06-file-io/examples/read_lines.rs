//! Lesson 06.2: reading a file line by line with `BufReader`, first the easy
//! way (`lines()`, one new `String` per line), then the frugal way
//! (`read_line` into one reused `String`).

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("read-lines")?;
    let dump = scratch.path().join("outbox.dump");
    fs::write(
        &dump,
        "1|order-42|OrderPlaced\n2|order-7|OrderShipped\n\n3|order-42|OrderPaid\n",
    )?;

    let lines = count_events(&dump)?;
    println!("lines(): {lines} events");

    let (events, longest) = scan_events(&dump)?;
    println!("read_line(): {events} events, longest line {longest} bytes");
    Ok(())
}

// ANCHOR: lines
/// Counts non-empty lines. `lines()` strips the `\n` (and a `\r\n`), and
/// allocates a fresh `String` for every line.
fn count_events(path: &Path) -> io::Result<usize> {
    let reader = BufReader::new(File::open(path)?);
    let mut count = 0;
    for line in reader.lines() {
        let line = line?; // each line is an io::Result<String>
        if !line.is_empty() {
            count += 1;
        }
    }
    Ok(count)
}
// ANCHOR_END: lines

// ANCHOR: read_line
/// The same scan with one buffer for the whole file. `read_line` appends to
/// the buffer and keeps the newline, so clear it each time and trim it.
fn scan_events(path: &Path) -> io::Result<(usize, usize)> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut line = String::new();
    let (mut events, mut longest) = (0, 0);
    loop {
        line.clear();
        let read = reader.read_line(&mut line)?;
        if read == 0 {
            break; // 0 bytes read means end of file
        }
        let text = line.trim_end_matches(['\n', '\r']);
        if !text.is_empty() {
            events += 1;
            longest = longest.max(text.len());
        }
    }
    Ok((events, longest))
}
// ANCHOR_END: read_line

/// A directory under the system temp dir that deletes itself when dropped.
#[derive(Debug)]
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(label: &str) -> io::Result<Self> {
        let name = format!("rust-mastery-{label}-{}", std::process::id());
        let dir = std::env::temp_dir().join(name);
        fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_readers_agree() -> io::Result<()> {
        let scratch = ScratchDir::new("read-lines-agree")?;
        let file = scratch.path().join("f");
        fs::write(&file, "a\r\nbbb\n\ncc")?; // CRLF, blank line, no final newline
        assert_eq!(count_events(&file)?, 3);
        assert_eq!(scan_events(&file)?, (3, 3));
        Ok(())
    }

    #[test]
    fn read_line_keeps_the_newline() -> io::Result<()> {
        let mut reader = BufReader::new(&b"one\ntwo"[..]);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        assert_eq!(line, "one\n");
        reader.read_line(&mut line)?; // appends, it does not replace
        assert_eq!(line, "one\ntwo");
        assert_eq!(reader.read_line(&mut line)?, 0);
        Ok(())
    }
}
