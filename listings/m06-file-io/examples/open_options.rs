//! Lesson 06.1: `File` handles and `OpenOptions`. A `File` closes itself
//! when it goes out of scope, so there is no `close` to forget.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("open-options")?;
    let log = scratch.path().join("events.log");

    create_and_read(&log)?;
    append_twice(&log)?;
    print!("after appends:\n{}", fs::read_to_string(&log)?);
    claim_once(&scratch.path().join("relay.id"))?;
    drop_closes();
    Ok(())
}

// ANCHOR: create
/// `File::create` truncates or creates; `File::open` is read-only.
fn create_and_read(path: &Path) -> io::Result<()> {
    let mut file = File::create(path)?;
    writeln!(file, "1 order-42 OrderPlaced")?; // needs `std::io::Write` in scope
    drop(file); // closed here, before we open it again

    let mut text = String::new();
    File::open(path)?.read_to_string(&mut text)?;
    print!("created: {text}");
    Ok(())
}
// ANCHOR_END: create

// ANCHOR: append
/// Opens for appending: every write goes to the current end of the file.
fn open_for_append(path: &Path) -> io::Result<File> {
    OpenOptions::new().append(true).create(true).open(path)
}

fn append_twice(path: &Path) -> io::Result<()> {
    for line in ["2 order-7 OrderShipped", "3 order-42 OrderPaid"] {
        let mut file = open_for_append(path)?;
        writeln!(file, "{line}")?;
    } // `file` is dropped, and so closed, at the end of each iteration
    Ok(())
}
// ANCHOR_END: append

// ANCHOR: create_new
/// `create_new` fails with `AlreadyExists` if the file is there: an atomic
/// "create only if absent", for a file that must be written exactly once.
fn create_once(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

fn claim_once(path: &Path) -> io::Result<()> {
    let _first = create_once(path)?;
    println!("first claim: ok");
    match create_once(path) {
        Ok(_) => println!("second claim: ok (unexpected)"),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            println!("second claim: {:?}", e.kind());
        }
        Err(e) => return Err(e),
    }
    Ok(())
}
// ANCHOR_END: create_new

// ANCHOR: drop
/// A stand-in for `File` that says when it is closed.
#[derive(Debug)]
struct Handle(&'static str);

impl Drop for Handle {
    fn drop(&mut self) {
        println!("close {}", self.0);
    }
}

fn drop_closes() {
    let _config = Handle("relay.conf");
    {
        let _log = Handle("events.log");
        println!("inner scope ends");
    }
    let spool = Handle("spool.dat");
    drop(spool); // close early, on purpose
    println!("function ends");
} // `_config` closes here: values drop in reverse order of creation
// ANCHOR_END: drop

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
    fn append_keeps_existing_content() -> io::Result<()> {
        let scratch = ScratchDir::new("open-options-append")?;
        let log = scratch.path().join("log");
        fs::write(&log, "a\n")?;
        writeln!(open_for_append(&log)?, "b")?;
        writeln!(open_for_append(&log)?, "c")?;
        assert_eq!(fs::read_to_string(&log)?, "a\nb\nc\n");
        Ok(())
    }

    #[test]
    fn create_truncates() -> io::Result<()> {
        let scratch = ScratchDir::new("open-options-truncate")?;
        let file = scratch.path().join("f");
        fs::write(&file, "old content")?;
        File::create(&file)?;
        assert_eq!(fs::read_to_string(&file)?, "");
        Ok(())
    }

    #[test]
    fn create_new_refuses_an_existing_file() -> io::Result<()> {
        let scratch = ScratchDir::new("open-options-lock")?;
        let lock = scratch.path().join("lock");
        let _first = create_once(&lock)?;
        let err = create_once(&lock).expect_err("second claim must fail");
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        Ok(())
    }

    #[test]
    fn open_is_read_only() -> io::Result<()> {
        let scratch = ScratchDir::new("open-options-readonly")?;
        let file = scratch.path().join("f");
        fs::write(&file, "x")?;
        let mut handle = File::open(&file)?;
        assert!(handle.write_all(b"y").is_err());
        Ok(())
    }
}
