//! The process the crash test kills (lesson 06.3).
//!
//! Usage: `outbox_writer DIR [COUNT]`. Opens the outbox in DIR, then appends
//! up to COUNT records (default 100000). After each append returns, which
//! means the record is fsynced, it prints `ID<TAB>PAYLOAD` and flushes
//! stdout: a printed line is an acknowledgement the test may hold it to.

use anyhow::{Context, Result, bail};
use m06_file_io::file_outbox::FileOutbox;
use std::io::Write;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        bail!("usage: outbox_writer DIR [COUNT]");
    };
    let count: u64 = match args.next() {
        Some(text) => text.parse().context("COUNT must be a number")?,
        None => 100_000,
    };

    let mut outbox =
        FileOutbox::open(&dir).with_context(|| format!("opening the outbox in {dir}"))?;
    let stdout = std::io::stdout();
    for seq in 0..count {
        let payload = payload_for(seq);
        let id = outbox.append(payload.as_bytes()).context("appending")?;
        let mut out = stdout.lock();
        writeln!(out, "{id}\t{payload}")?;
        out.flush()?; // the acknowledgement leaves the process now
    }
    Ok(())
}

/// Payloads of varying length, so records straddle buffer and page sizes.
fn payload_for(seq: u64) -> String {
    let padding = "x".repeat((seq * 37 % 500) as usize);
    format!("order-{}|OrderPlaced|{padding}", seq % 5)
}
