// A file-based outbox that survives a crash (lesson 06.3).
//
// Layout of the outbox directory:
//   outbox.log   append-only records, each fsynced before `append` returns
//   sent         the id of the last record relayed, replaced atomically
//   sent.tmp     a marker being written; ignored and removed on open
//   lock         locked (not created) by the process that has the outbox open
//
// This file has no inner doc comment on purpose: the book compiles it as a
// stand-alone snippet, where `//!` would not be allowed.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, BufReader, ErrorKind, Read, Seek, SeekFrom, Write};
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

/// The outbox. One `FileOutbox` at a time may have a directory open; a
/// second `open` fails with `ErrorKind::WouldBlock` until the first is
/// dropped or its process dies.
#[derive(Debug)]
pub struct FileOutbox {
    dir: PathBuf,
    log: File,
    /// Holds the directory's lock for as long as the outbox is open.
    _lock: File,
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
        create_dir_durably(&dir)?;
        let lock = lock_dir(&dir)?; // before touching anything inside
        remove_if_present(&dir.join(MARKER_TMP))?;
        let sent_through = read_marker(&dir)?;

        let log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(dir.join(LOG))?;
        sync_dir(&dir)?; // make a newly created log's name durable

        let (records, last_id, valid_len) = scan_log(&log, sent_through)?;
        let file_len = log.metadata()?.len();
        if file_len > valid_len {
            log.set_len(valid_len)?; // cut off the torn record
            log.sync_all()?;
        }
        Ok(Self {
            dir,
            log,
            _lock: lock,
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
/// Ids go up by one; the first may be any id up to `sent_through + 1`, so a
/// log without its relayed records is fine. A bad record is accepted as a
/// torn tail only if it could be the last append, cut short; anything else
/// is damage, reported and left alone.
fn scan_log(log: &File, sent_through: u64) -> io::Result<(u64, u64, u64)> {
    let mut reader = BufReader::new(log);
    let (mut records, mut last_id, mut valid_len) = (0, 0, 0);
    loop {
        match next_record(&mut reader)? {
            Scan::Record(record) => {
                let expected = if records == 0 {
                    1..=sent_through + 1
                } else {
                    last_id + 1..=last_id + 1
                };
                if !expected.contains(&record.id) {
                    return Err(damaged(valid_len, last_id, "the ids are out of sequence"));
                }
                records += 1;
                last_id = record.id;
                valid_len += (HEADER_LEN + record.payload.len()) as u64;
            }
            Scan::End => break,
            Scan::Torn => {
                reader.seek(SeekFrom::Start(valid_len))?;
                check_torn_tail(reader, valid_len, last_id)?;
                break;
            }
        }
    }
    Ok((records, last_id, valid_len))
}

/// The longest tail one unfinished append can leave.
const MAX_TORN: u64 = (HEADER_LEN + MAX_PAYLOAD) as u64;

/// Errs unless the bytes from `start` to the end of the log can be one
/// unfinished record: no longer than a record, and no intact record after
/// them. An intact record behind bad bytes was acknowledged: cutting the
/// tail would throw it away.
fn check_torn_tail(reader: impl Read, start: u64, last_id: u64) -> io::Result<()> {
    let mut tail = Vec::new();
    reader.take(MAX_TORN + 1).read_to_end(&mut tail)?;
    if tail.len() as u64 > MAX_TORN {
        return Err(damaged(start, last_id, "more bytes follow than one record"));
    }
    let intact_behind = (1..tail.len()).find_map(|from| match next_record(&mut &tail[from..]) {
        Ok(Scan::Record(record)) if record.id > last_id => Some(record.id),
        _ => None,
    });
    match intact_behind {
        Some(id) => Err(damaged(
            start,
            last_id,
            &format!("record {id} behind it is intact"),
        )),
        None => Ok(()),
    }
}

fn damaged(at: u64, last_id: u64, why: &str) -> io::Error {
    io::Error::new(
        ErrorKind::InvalidData,
        format!("outbox log damaged at byte {at}, after record {last_id}: {why}"),
    )
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
        // Only the intact records: bytes past `len` are a failed append's.
        let log = File::open(self.dir.join(LOG))?.take(self.len);
        let mut reader = BufReader::new(log);
        let mut pending = Vec::new();
        loop {
            match next_record(&mut reader)? {
                Scan::Record(record) if record.id > self.sent_through => pending.push(record),
                Scan::Record(_) => {}
                Scan::End => return Ok(pending),
                Scan::Torn => {
                    let after = pending.last().map_or(self.sent_through, |r: &Record| r.id);
                    return Err(io::Error::new(
                        ErrorKind::InvalidData,
                        format!("outbox log damaged after record {after} since it was opened"),
                    ));
                }
            }
        }
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
const LOCK: &str = "lock";

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
    #[cfg(test)] // lets the unit tests see which directories were synced
    tests::SYNCED.with_borrow_mut(|synced| synced.push(dir.to_path_buf()));
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a `File`; NTFS journals renames.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
// ANCHOR_END: marker

// ANCHOR: lock
/// Takes the outbox's lock: an exclusive lock on `dir/lock`, which belongs to
/// the open file. The kernel drops it when the file is closed or the process
/// dies, `kill -9` included, so a crash leaves nothing to clean up. The
/// file itself may exist from an earlier run; only the lock counts.
fn lock_dir(dir: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(io::Error::new(
            ErrorKind::WouldBlock,
            format!("the outbox in {} is open in another process", dir.display()),
        )),
        Err(TryLockError::Error(e)) => Err(e),
    }
}
// ANCHOR_END: lock

// ANCHOR: create_dir
/// `create_dir_all`, then a sync of the outbox directory's parent (and of
/// the parent of every directory it had to create), so that the directory
/// itself, not only the files in it, survives a power cut.
fn create_dir_durably(dir: &Path) -> io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .skip(1)
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .collect();
    fs::create_dir_all(dir)?;
    sync_dir(parent_of(dir))?;
    for created in missing {
        sync_dir(parent_of(created))?;
    }
    Ok(())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."), // `outbox` relative to the working directory
    }
}
// ANCHOR_END: create_dir

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
    use std::cell::RefCell;

    thread_local! {
        /// Every directory `sync_dir` synced on this test's thread.
        pub(super) static SYNCED: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
    }

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

    #[test]
    fn damage_in_the_middle_is_reported_not_cut_off() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut outbox = FileOutbox::open(dir.path())?;
        for payload in ["first", "second", "third"] {
            outbox.append(payload.as_bytes())?; // all three acknowledged
        }
        drop(outbox);

        let path = dir.path().join(LOG);
        let mut bytes = fs::read(&path)?;
        let second_payload = HEADER_LEN + "first".len() + HEADER_LEN;
        bytes[second_payload] ^= 0xFF; // bit rot inside record 2
        fs::write(&path, &bytes)?;

        let err = FileOutbox::open(dir.path()).expect_err("records 2 and 3 were acknowledged");
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert!(
            err.to_string().contains("record 3 behind it is intact"),
            "{err}"
        );
        assert_eq!(fs::read(&path)?, bytes, "the log is left as it was");
        Ok(())
    }

    #[test]
    fn a_second_open_is_refused_while_the_first_holds_the_lock() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let first = FileOutbox::open(dir.path())?;
        let err = FileOutbox::open(dir.path()).expect_err("the directory is in use");
        assert_eq!(err.kind(), ErrorKind::WouldBlock);
        drop(first); // closing the file releases the lock
        FileOutbox::open(dir.path())?;
        Ok(())
    }

    #[test]
    fn a_lock_file_left_by_a_crash_does_not_block() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        // What a `create_new` lock would leave behind after `kill -9`.
        fs::write(dir.path().join(LOCK), "4242\n")?;
        let mut outbox = FileOutbox::open(dir.path())?;
        assert_eq!(outbox.append(b"a")?, 1);
        Ok(())
    }

    #[test]
    fn open_syncs_the_parent_of_every_directory_it_creates() -> io::Result<()> {
        let base = tempfile::tempdir()?;
        let dir = base.path().join("spool").join("outbox");
        SYNCED.with_borrow_mut(Vec::clear);
        FileOutbox::open(&dir)?;
        let synced = SYNCED.with_borrow(Clone::clone);
        for parent in [base.path(), &base.path().join("spool"), &dir] {
            assert!(
                synced.iter().any(|d| d == parent),
                "{parent:?} in {synced:?}"
            );
        }
        Ok(())
    }
}
