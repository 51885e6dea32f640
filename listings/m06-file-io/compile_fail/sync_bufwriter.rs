// `sync_all` is a method of `File`. A `BufWriter<File>` does not have it:
// its buffer must be flushed first, and then the file itself synced.
use std::fs::File;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut log = BufWriter::new(File::create("outbox.log")?);
    log.write_all(b"record")?;
    log.sync_all()?;
    Ok(())
}
