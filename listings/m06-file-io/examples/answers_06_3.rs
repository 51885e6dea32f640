//! Answers to the exercises of lesson 06.3 (the file-based outbox). Answers
//! 3 and 4 use the library's public API; answer 5 needs the outbox's private
//! fields, so it compiles its own copy of `src/file_outbox.rs` and adds
//! `compact` to it. `main` runs them and prints what they return.

use m06_file_io::file_outbox::FileOutbox;
use std::fs;
use std::io;

// ANCHOR: answer3
/// `mark_sent_through` with `fs::write(MARKER)` truncates `sent` first and
/// writes the new id after. A crash (or a power cut before the data reached
/// the disk) between the two leaves an empty marker, and `open` refuses it.
fn open_after_a_torn_marker(dir: &std::path::Path) -> io::Result<FileOutbox> {
    let mut outbox = FileOutbox::open(dir)?;
    outbox.append(b"order-1|OrderPlaced")?;
    outbox.mark_sent_through(1)?;
    drop(outbox);
    fs::write(dir.join("sent"), "")?; // what the crash left behind
    FileOutbox::open(dir)
}
// ANCHOR_END: answer3

// ANCHOR: answer4
/// The check the crash test can add: the pending ids are exactly the ones
/// after the marker, with no gap, up to the last id appended. (`open` has
/// already refused a log whose ids skip or repeat.)
fn pending_ids_have_no_gaps(outbox: &FileOutbox) -> io::Result<bool> {
    let ids: Vec<u64> = outbox.pending()?.iter().map(|record| record.id).collect();
    let expected: Vec<u64> = (outbox.sent_through() + 1..outbox.next_id()).collect();
    Ok(ids == expected)
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    #![allow(dead_code, unreachable_pub, clippy::items_after_test_module)]
    include!("../src/file_outbox.rs");

    const LOG_TMP: &str = "outbox.log.tmp";

    impl FileOutbox {
        /// Rewrites the log without the records up to `sent_through`, with
        /// the marker's recipe: write a temp file, sync it, rename it over
        /// the log, sync the directory. Ids do not change; `open` accepts a
        /// log whose first id is up to `sent_through + 1`. Returns the bytes
        /// saved. A crash before the rename leaves the old log in place (and
        /// a stale temp file that the next `compact` overwrites); after it,
        /// the new one.
        pub fn compact(&mut self) -> io::Result<u64> {
            let keep = self.pending()?;
            let tmp = self.dir.join(LOG_TMP);
            let mut file = File::create(&tmp)?;
            let mut new_len = 0;
            for record in &keep {
                let bytes = encode(record.id, &record.payload)?;
                file.write_all(&bytes)?;
                new_len += bytes.len() as u64;
            }
            file.sync_all()?;
            drop(file);
            fs::rename(&tmp, self.dir.join(LOG))?;
            sync_dir(&self.dir)?;
            // Our handle still points at the old, now unlinked, file.
            self.log = OpenOptions::new()
                .read(true)
                .append(true)
                .open(self.dir.join(LOG))?;
            let saved = self.len - new_len;
            self.len = new_len;
            Ok(saved)
        }
    }
}
// ANCHOR_END: answer5

fn main() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    match open_after_a_torn_marker(&dir.path().join("torn")) {
        Ok(_) => println!("answer 3: opened (unexpected)"),
        Err(e) => println!("answer 3: {:?}: {e}", e.kind()),
    }

    let mut outbox = FileOutbox::open(dir.path().join("gaps"))?;
    for n in 0..5 {
        outbox.append(format!("order-{n}").as_bytes())?;
    }
    outbox.mark_sent_through(2)?;
    println!("answer 4: no gaps: {}", pending_ids_have_no_gaps(&outbox)?);

    let path = dir.path().join("compact");
    let mut outbox = answer5::FileOutbox::open(&path)?;
    for n in 0..5 {
        outbox.append(format!("order-{n}|OrderPlaced").as_bytes())?;
    }
    outbox.mark_sent_through(3)?;
    let saved = outbox.compact()?;
    let next = outbox.append(b"order-5|OrderPlaced")?;
    drop(outbox);
    let reopened = answer5::FileOutbox::open(&path)?;
    let ids: Vec<u64> = reopened.pending()?.iter().map(|r| r.id).collect();
    println!(
        "answer 5: compacting saved {saved} bytes; next id {next}; after reopening, pending {ids:?}"
    );
    Ok(())
}

#[cfg(test)]
mod answer_tests {
    use super::*;
    use std::io::ErrorKind;

    #[test]
    fn answer3_an_empty_marker_stops_the_outbox_from_opening() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let err = open_after_a_torn_marker(dir.path()).expect_err("empty marker");
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert!(err.to_string().starts_with("bad sent marker"), "{err}");
        Ok(())
    }

    #[test]
    fn answer4_pending_runs_from_the_marker_to_the_last_id() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        assert!(pending_ids_have_no_gaps(&outbox)?);
        for n in 0..4 {
            outbox.append(format!("{n}").as_bytes())?;
        }
        outbox.mark_sent_through(1)?;
        assert!(pending_ids_have_no_gaps(&outbox)?);
        Ok(())
    }

    #[test]
    fn answer5_compact_keeps_ids_and_the_pending_records() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = answer5::FileOutbox::open(dir.path())?;
        for payload in ["a", "b", "c", "d"] {
            outbox.append(payload.as_bytes())?;
        }
        outbox.mark_sent_through(2)?;
        let before = fs::metadata(dir.path().join("outbox.log"))?.len();
        let saved = outbox.compact()?;
        let after = fs::metadata(dir.path().join("outbox.log"))?.len();
        assert_eq!(before - after, saved);
        assert_eq!(outbox.append(b"e")?, 5);
        drop(outbox);

        let outbox = answer5::FileOutbox::open(dir.path())?;
        let pending: Vec<(u64, Vec<u8>)> = outbox
            .pending()?
            .into_iter()
            .map(|r| (r.id, r.payload))
            .collect();
        assert_eq!(
            pending,
            [(3, b"c".to_vec()), (4, b"d".to_vec()), (5, b"e".to_vec())]
        );
        assert_eq!(outbox.recovery().records, 3);
        Ok(())
    }
}
