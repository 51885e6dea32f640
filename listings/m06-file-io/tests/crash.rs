//! The crash test for the file outbox (lesson 06.3): start a writer process,
//! let it acknowledge some records, kill it with SIGKILL in the middle of its
//! work, and check that every acknowledged record comes back intact.

use m06_file_io::file_outbox::FileOutbox;
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

/// Kills the writer if the test fails before it does, so no process outlives the test.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// ANCHOR: round
/// Starts the writer, waits for `acks_before_kill` acknowledgements, kills
/// it, and returns every acknowledgement it printed (id to payload).
fn run_and_kill(dir: &Path, acks_before_kill: usize) -> BTreeMap<u64, String> {
    let child = Command::new(env!("CARGO_BIN_EXE_outbox_writer"))
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the writer");
    let mut writer = KillOnDrop(child);
    let stdout = writer.0.stdout.take().expect("piped stdout");
    let mut acks = AckReader::new(stdout);

    let mut acked = BTreeMap::new();
    while acked.len() < acks_before_kill {
        let (id, payload) = acks.next_ack().expect("writer exited early");
        acked.insert(id, payload);
    }
    // While the writer lives, its lock keeps everyone else out.
    let refused = FileOutbox::open(dir).expect_err("the writer holds the lock");
    assert_eq!(refused.kind(), ErrorKind::WouldBlock);
    writer.0.kill().expect("SIGKILL the writer"); // mid-append, most likely
    writer.0.wait().expect("reap the writer");

    // Lines it printed between our last read and the kill are acks too.
    while let Some((id, payload)) = acks.next_ack() {
        acked.insert(id, payload);
    }
    acked
}
// ANCHOR_END: round

/// Reads `ID<TAB>PAYLOAD` lines; a final line without its newline was cut
/// off by the kill and is not an acknowledgement.
struct AckReader {
    reader: BufReader<ChildStdout>,
    line: String,
}

impl AckReader {
    fn new(stdout: ChildStdout) -> Self {
        Self {
            reader: BufReader::new(stdout),
            line: String::new(),
        }
    }

    fn next_ack(&mut self) -> Option<(u64, String)> {
        self.line.clear();
        self.reader.read_line(&mut self.line).ok()?;
        let text = self.line.strip_suffix('\n')?;
        let (id, payload) = text.split_once('\t')?;
        Some((id.parse().ok()?, payload.to_owned()))
    }
}

/// Appends half a record, as a power cut in the middle of a write could.
fn tear_the_tail(dir: &Path) {
    let mut log = OpenOptions::new()
        .append(true)
        .open(dir.join("outbox.log"))
        .expect("open the log");
    // A header that promises 200 payload bytes, followed by only 3.
    log.write_all(&[
        200, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 9, 9, b'a', b'b', b'c',
    ])
    .expect("write garbage");
}

// ANCHOR: test
#[test]
fn every_acknowledged_record_survives_sigkill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut acked = BTreeMap::new();
    let mut sent_through = 0;

    for round in 0..5 {
        acked.extend(run_and_kill(dir.path(), 10 + round * 7));
        if round % 2 == 1 {
            tear_the_tail(dir.path());
        }

        // The killed writer's lock died with it: reopening needs no cleanup.
        let mut outbox = FileOutbox::open(dir.path()).expect("recovery must not fail");
        if round % 2 == 1 {
            assert!(outbox.recovery().truncated_bytes > 0, "torn tail cut off");
        }
        assert_eq!(outbox.sent_through(), sent_through, "marker survived");
        let pending = outbox.pending().expect("read pending");
        let on_disk: BTreeMap<u64, String> = pending
            .into_iter()
            .map(|r| (r.id, String::from_utf8(r.payload).expect("utf-8")))
            .collect();
        for (id, payload) in acked.range(sent_through + 1..) {
            assert_eq!(on_disk.get(id), Some(payload), "acked record {id}");
        }

        // Relay half of what is pending before the next round.
        let last = *on_disk.keys().last().expect("records pending");
        sent_through = (sent_through + last) / 2;
        outbox.mark_sent_through(sent_through).expect("mark sent");
    }
}
// ANCHOR_END: test
