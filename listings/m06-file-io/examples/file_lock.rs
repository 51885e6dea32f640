//! Lesson 06.1: a lock file made with `create_new` outlives a process that is
//! killed; a lock taken with `File::try_lock` dies with it.

use std::env;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PID_FILE: &str = "relay.pid";
const LOCK_FILE: &str = "relay.lock";
/// The argument that makes this program play the relay (see `play_the_relay`).
const RELAY: &str = "--play-the-relay";

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut args = env::args_os().skip(1);
    if args.next().is_some_and(|arg| arg == RELAY) {
        let dir = args
            .next()
            .ok_or_else(|| io::Error::other("no directory"))?;
        return play_the_relay(Path::new(&dir));
    }
    let scratch = ScratchDir::new("file-lock")?;
    let dir = scratch.path();
    start_relay_and_kill_it(dir)?;

    println!("the relay was killed with SIGKILL; a new one starts:");
    match lock_by_creating(&dir.join(PID_FILE)) {
        Ok(_) => println!("  create_new lock: acquired"),
        Err(e) => println!(
            "  create_new lock: {:?}, until someone deletes it",
            e.kind()
        ),
    }
    match lock_by_flock(&dir.join(LOCK_FILE))? {
        Some(_held) => println!("  try_lock:        acquired, the kernel released it"),
        None => println!("  try_lock:        held by another process"),
    }
    Ok(())
}
// ANCHOR_END: main

// ANCHOR: create_new_lock
/// The classic lock file: whoever creates it holds the lock, and deleting it
/// releases the lock. After `kill -9`, nobody deletes it.
fn lock_by_creating(path: &Path) -> io::Result<File> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    writeln!(file, "{}", std::process::id())?;
    Ok(file)
}
// ANCHOR_END: create_new_lock

// ANCHOR: try_lock
/// A lock the operating system keeps on an open file (`flock` on Linux and
/// macOS, `LockFileEx` on Windows). It belongs to the open file: closing the
/// file, or the end of the process however it ends, releases it. The file
/// itself may be left over from an earlier run; that means nothing.
fn lock_by_flock(path: &Path) -> io::Result<Option<File>> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}
// ANCHOR_END: try_lock

// ANCHOR: kill
/// Starts this program again as "the relay", which takes both locks, and
/// kills it with SIGKILL once it holds them: no destructor, no cleanup.
fn start_relay_and_kill_it(dir: &Path) -> io::Result<()> {
    let mut relay = Command::new(env::current_exe()?)
        .arg(RELAY)
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = relay
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    print!("relay: {line}");
    let held = lock_by_flock(&dir.join(LOCK_FILE))?.is_none();
    println!("while it runs, try_lock finds the lock held: {held}");
    relay.kill()?; // SIGKILL on Unix
    relay.wait()?;
    Ok(())
}

/// The relay: takes both locks, says so, and waits to be killed (or for its
/// parent to go away, which closes its stdin).
fn play_the_relay(dir: &Path) -> io::Result<()> {
    let _pid_file = lock_by_creating(&dir.join(PID_FILE))?;
    let _lock = lock_by_flock(&dir.join(LOCK_FILE))?
        .ok_or_else(|| io::Error::other("relay.lock is held"))?;
    println!("holding {PID_FILE} and {LOCK_FILE}");
    io::stdin().read_line(&mut String::new())?;
    Ok(())
}
// ANCHOR_END: kill

/// A directory under the system temp dir, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(label: &str) -> io::Result<Self> {
        let name = format!("rust-mastery-{label}-{}", std::process::id());
        let dir = env::temp_dir().join(name);
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
    use std::io::ErrorKind;

    #[test]
    fn a_created_lock_file_outlives_the_handle_that_made_it() -> io::Result<()> {
        let scratch = ScratchDir::new("file-lock-created")?;
        let path = scratch.path().join(PID_FILE);
        drop(lock_by_creating(&path)?); // the holder goes away without cleaning up
        let err = lock_by_creating(&path).expect_err("the file is still there");
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        Ok(())
    }

    #[test]
    fn a_flock_is_released_when_its_file_is_closed() -> io::Result<()> {
        let scratch = ScratchDir::new("file-lock-flock")?;
        let path = scratch.path().join(LOCK_FILE);
        let first = lock_by_flock(&path)?.expect("nobody holds it yet");
        assert!(
            lock_by_flock(&path)?.is_none(),
            "a second open file is refused"
        );
        drop(first);
        assert!(
            lock_by_flock(&path)?.is_some(),
            "free again, file still there"
        );
        Ok(())
    }
}
