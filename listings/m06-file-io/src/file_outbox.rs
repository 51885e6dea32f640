// A file-based outbox that survives a crash (lesson 06.3).
//
// Layout of the outbox directory:
//   outbox.log   append-only records, each fsynced before `append` returns
//   sent         the id of the last record relayed, replaced atomically
//   sent.tmp     a marker being written; ignored and removed on open
//
// This file has no inner doc comment on purpose: the book compiles it as a
// stand-alone snippet, where `//!` would not be allowed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

// ANCHOR: format
/// Bytes before the payload: length (u32), checksum (u32), id (u64), all
/// little-endian.
const HEADER_LEN: usize = 16;

/// Larger payloads are refused on append, and a larger length read back from
/// disk can only be garbage.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// One record of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: u64,
    pub payload: Vec<u8>,
}

/// Serialises a record: `[len][crc][id][payload]`.
fn encode(id: u64, payload: &[u8]) -> io::Result<Vec<u8>> {
    let len = u32::try_from(payload.len())
        .ok()
        .filter(|&len| len as usize <= MAX_PAYLOAD)
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "payload too large"))?;
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&checksum(len, id, payload).to_le_bytes());
    bytes.extend_from_slice(&id.to_le_bytes());
    bytes.extend_from_slice(payload);
    Ok(bytes)
}

/// CRC-32 over the length, the id and the payload: a torn or garbled record
/// fails this check with overwhelming probability.
fn checksum(len: u32, id: u64, payload: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(&len.to_le_bytes());
    crc.update(&id.to_le_bytes());
    crc.update(payload);
    crc.finish()
}
// ANCHOR_END: format

/// The CRC-32 used by zip, PNG and Ethernet (IEEE, reflected), bit by bit.
/// Slow next to a table-driven crate, and plenty for a demo.
#[derive(Debug)]
struct Crc32(u32);

impl Crc32 {
    fn new() -> Self {
        Self(0xFFFF_FFFF)
    }

    fn update(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u32::from(byte);
            for _ in 0..8 {
                let mask = (self.0 & 1).wrapping_neg();
                self.0 = (self.0 >> 1) ^ (0xEDB8_8320 & mask);
            }
        }
    }

    fn finish(&self) -> u32 {
        !self.0
    }
}

// ANCHOR: scan
/// What reading the log at one position found.
#[derive(Debug)]
enum Scan {
    /// A complete record whose checksum matches.
    Record(Record),
    /// Clean end of the log.
    End,
    /// A partial or garbled record: the tail of a write that never finished.
    Torn,
}

fn next_record(reader: &mut impl Read) -> io::Result<Scan> {
    let mut header = [0u8; HEADER_LEN];
    match read_full(reader, &mut header)? {
        0 => return Ok(Scan::End),
        n if n < HEADER_LEN => return Ok(Scan::Torn),
        _ => {}
    }
    let [l0, l1, l2, l3, c0, c1, c2, c3, id_bytes @ ..] = header;
    let len = u32::from_le_bytes([l0, l1, l2, l3]);
    let stored_crc = u32::from_le_bytes([c0, c1, c2, c3]);
    let id = u64::from_le_bytes(id_bytes);
    if len as usize > MAX_PAYLOAD {
        return Ok(Scan::Torn);
    }
    let mut payload = vec![0u8; len as usize];
    if read_full(reader, &mut payload)? < payload.len() {
        return Ok(Scan::Torn);
    }
    if checksum(len, id, &payload) != stored_crc {
        return Ok(Scan::Torn);
    }
    Ok(Scan::Record(Record { id, payload }))
}

/// Like `read_exact`, but reports how much it read instead of failing at EOF.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
// ANCHOR_END: scan

/// What `open` found and repaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// Intact records in the log.
    pub records: u64,
    /// Bytes of a torn final record that were cut off.
    pub truncated_bytes: u64,
    /// The marker: every id up to this one has been relayed.
    pub sent_through: u64,
}

/// The outbox. One process at a time may have a directory open.
#[derive(Debug)]
pub struct FileOutbox {
    dir: PathBuf,
    log: File,
    /// Length of the log up to the end of the last intact record.
    len: u64,
    next_id: u64,
    sent_through: u64,
    /// A failed append may have left part of a record behind.
    tail_dirty: bool,
    recovery: Recovery,
}

// ANCHOR: open
impl FileOutbox {
    /// Opens (or creates) the outbox in `dir` and repairs a torn tail.
    pub fn open(dir: impl AsRef<Path>) -> io::Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir)?;
        remove_if_present(&dir.join(MARKER_TMP))?;
        let sent_through = read_marker(&dir)?;

        let log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(dir.join(LOG))?;
        sync_dir(&dir)?; // make a newly created log's name durable

        let (records, last_id, valid_len) = scan_log(&log)?;
        let file_len = log.metadata()?.len();
        if file_len > valid_len {
            log.set_len(valid_len)?; // cut off the torn record
            log.sync_all()?;
        }
        Ok(Self {
            dir,
            log,
            len: valid_len,
            next_id: last_id.max(sent_through) + 1,
            sent_through,
            tail_dirty: false,
            recovery: Recovery {
                records,
                truncated_bytes: file_len - valid_len,
                sent_through,
            },
        })
    }
}

/// Walks the log from the start: (intact records, last id, bytes they span).
fn scan_log(log: &File) -> io::Result<(u64, u64, u64)> {
    let mut reader = BufReader::new(log);
    let (mut records, mut last_id, mut valid_len) = (0, 0, 0);
    while let Scan::Record(record) = next_record(&mut reader)? {
        if record.id != last_id + 1 {
            return Err(io::Error::new(
                ErrorKind::InvalidData,
                format!("record {} follows record {last_id}", record.id),
            ));
        }
        records += 1;
        last_id = record.id;
        valid_len += (HEADER_LEN + record.payload.len()) as u64;
    }
    Ok((records, last_id, valid_len))
}
// ANCHOR_END: open

// ANCHOR: append
impl FileOutbox {
    /// Appends a record and returns its id once the record is on disk.
    pub fn append(&mut self, payload: &[u8]) -> io::Result<u64> {
        let record = encode(self.next_id, payload)?;
        if self.tail_dirty {
            self.log.set_len(self.len)?; // drop what a failed append left
            self.tail_dirty = false;
        }
        self.tail_dirty = true;
        self.log.write_all(&record)?;
        self.log.sync_data()?; // durable before we say so
        self.tail_dirty = false;

        self.len += record.len() as u64;
        let id = self.next_id;
        self.next_id += 1;
        Ok(id)
    }
}
// ANCHOR_END: append

impl FileOutbox {
    /// Records not yet marked as sent, oldest first.
    pub fn pending(&self) -> io::Result<Vec<Record>> {
        let mut reader = BufReader::new(File::open(self.dir.join(LOG))?);
        let mut pending = Vec::new();
        while let Scan::Record(record) = next_record(&mut reader)? {
            if record.id > self.sent_through {
                pending.push(record);
            }
        }
        Ok(pending)
    }

    /// The id of the last record marked as sent (0 if none).
    pub fn sent_through(&self) -> u64 {
        self.sent_through
    }

    /// The id the next `append` will return.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// What `open` found on disk.
    pub fn recovery(&self) -> Recovery {
        self.recovery
    }
}

// ANCHOR: marker
const LOG: &str = "outbox.log";
const MARKER: &str = "sent";
const MARKER_TMP: &str = "sent.tmp";

impl FileOutbox {
    /// Records that every id up to and including `id` has been relayed.
    /// After a crash the marker holds either the old or the new value,
    /// never a mix: write a temp file, fsync it, rename it over the old
    /// one, fsync the directory.
    pub fn mark_sent_through(&mut self, id: u64) -> io::Result<()> {
        if id >= self.next_id {
            return Err(io::Error::new(
                ErrorKind::InvalidInput,
                format!("cannot mark {id} sent: last id is {}", self.next_id - 1),
            ));
        }
        if id <= self.sent_through {
            return Ok(()); // already recorded; marking is idempotent
        }
        let tmp = self.dir.join(MARKER_TMP);
        let mut file = File::create(&tmp)?;
        writeln!(file, "{id}")?;
        file.sync_all()?; // the new content is on disk...
        drop(file);
        fs::rename(&tmp, self.dir.join(MARKER))?; // ...then swap it in
        sync_dir(&self.dir)?; // and make the rename itself durable
        self.sent_through = id;
        Ok(())
    }
}

/// Flushes a directory's entries (new names, renames) to disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a `File`; NTFS journals renames.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
// ANCHOR_END: marker

fn read_marker(dir: &Path) -> io::Result<u64> {
    match fs::read_to_string(dir.join(MARKER)) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|e| io::Error::new(ErrorKind::InvalidData, format!("bad sent marker: {e}"))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e),
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payloads(records: &[Record]) -> Vec<(u64, &str)> {
        records
            .iter()
            .map(|r| (r.id, std::str::from_utf8(&r.payload).expect("utf-8")))
            .collect()
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        let mut crc = Crc32::new();
        crc.update(b"123456789");
        assert_eq!(crc.finish(), 0xCBF4_3926);
    }

    #[test]
    fn append_returns_sequential_ids() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        assert_eq!(outbox.append(b"a")?, 1);
        assert_eq!(outbox.append(b"b")?, 2);
        assert_eq!(payloads(&outbox.pending()?), [(1, "a"), (2, "b")]);
        Ok(())
    }

    #[test]
    fn records_and_marker_survive_reopening() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        {
            let mut outbox = FileOutbox::open(dir.path())?;
            for payload in ["a", "b", "c"] {
                outbox.append(payload.as_bytes())?;
            }
            outbox.mark_sent_through(2)?;
        }
        let mut outbox = FileOutbox::open(dir.path())?;
        assert_eq!(
            outbox.recovery(),
            Recovery {
                records: 3,
                truncated_bytes: 0,
                sent_through: 2
            }
        );
        assert_eq!(payloads(&outbox.pending()?), [(3, "c")]);
        assert_eq!(outbox.append(b"d")?, 4);
        Ok(())
    }

    #[test]
    fn marker_rejects_unknown_ids_and_ignores_old_ones() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        outbox.append(b"a")?;
        outbox.append(b"b")?;
        let err = outbox
            .mark_sent_through(3)
            .expect_err("id 3 does not exist");
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        outbox.mark_sent_through(2)?;
        outbox.mark_sent_through(1)?; // no-op, not a step back
        assert_eq!(outbox.sent_through(), 2);
        assert!(outbox.pending()?.is_empty());
        assert!(!dir.path().join(MARKER_TMP).exists());
        Ok(())
    }

    #[test]
    fn a_torn_tail_is_cut_off_on_open() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        outbox.append(b"kept")?;
        drop(outbox);

        // Half of record 2: a header and 3 of its 10 payload bytes.
        let torn = encode(2, b"0123456789")?;
        let mut log = OpenOptions::new().append(true).open(dir.path().join(LOG))?;
        log.write_all(&torn[..HEADER_LEN + 3])?;
        drop(log);

        let mut outbox = FileOutbox::open(dir.path())?;
        assert_eq!(outbox.recovery().truncated_bytes, (HEADER_LEN + 3) as u64);
        assert_eq!(outbox.append(b"after")?, 2);
        assert_eq!(payloads(&outbox.pending()?), [(1, "kept"), (2, "after")]);
        Ok(())
    }

    #[test]
    fn a_garbled_last_record_fails_its_checksum() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        outbox.append(b"first")?;
        outbox.append(b"second")?;
        drop(outbox);

        let path = dir.path().join(LOG);
        let mut bytes = fs::read(&path)?;
        let last = bytes.len() - 1;
        bytes[last] ^= 0xFF; // flip the final payload byte
        fs::write(&path, &bytes)?;

        let outbox = FileOutbox::open(dir.path())?;
        assert_eq!(outbox.recovery().records, 1);
        assert_eq!(payloads(&outbox.pending()?), [(1, "first")]);
        Ok(())
    }

    #[test]
    fn a_leftover_temp_marker_is_ignored() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        fs::write(dir.path().join(MARKER_TMP), "99")?; // crash before rename
        let outbox = FileOutbox::open(dir.path())?;
        assert_eq!(outbox.sent_through(), 0);
        assert!(!dir.path().join(MARKER_TMP).exists());
        Ok(())
    }

    #[test]
    fn oversized_payloads_are_refused() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        let err = outbox
            .append(&vec![0; MAX_PAYLOAD + 1])
            .expect_err("too large");
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(outbox.append(b"ok")?, 1);
        Ok(())
    }
}
