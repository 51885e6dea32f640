//! Lesson 06.3: the file outbox from the producer's and the relay's side,
//! with a simulated restart and a torn final record.

use m06_file_io::file_outbox::{FileOutbox, Record};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("outbox-demo")?;
    let dir = scratch.path();

    let mut outbox = FileOutbox::open(dir)?;
    for event in [
        "order-42|OrderPlaced",
        "order-7|OrderPlaced",
        "order-42|OrderPaid",
    ] {
        let id = outbox.append(event.as_bytes())?;
        println!("appended #{id}: {event}");
    }

    for record in outbox.pending()? {
        println!("relaying {}", show(&record));
        if record.id == 2 {
            println!("broker unreachable, stopping the batch");
            break;
        }
        outbox.mark_sent_through(record.id)?;
    }
    drop(outbox); // "crash": nothing else is written

    // Simulate a write cut off mid-record: a few bytes of garbage at the end.
    let mut log = OpenOptions::new()
        .append(true)
        .open(dir.join("outbox.log"))?;
    log.write_all(&[7, 0, 0, 0, 0xAB])?;
    drop(log);

    let mut outbox = FileOutbox::open(dir)?;
    println!("reopened: {:?}", outbox.recovery());
    for record in outbox.pending()? {
        println!("still pending {}", show(&record));
    }
    println!(
        "next append gets #{}",
        outbox.append(b"order-7|OrderShipped")?
    );
    Ok(())
}

fn show(record: &Record) -> String {
    format!(
        "#{} {}",
        record.id,
        String::from_utf8_lossy(&record.payload)
    )
}

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
