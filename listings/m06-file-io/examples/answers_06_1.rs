//! Answers to the exercises of lesson 06.1 (reading and writing files).
//! Each answer is a module; `main` runs them and prints what they return.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

// ANCHOR: answer2
mod answer2 {
    use std::fs::{File, OpenOptions};
    use std::io::{self, Write};
    use std::path::Path;

    /// `open_for_append` with `write(true)` in place of `append(true)`: the
    /// file is opened at position 0, and nothing moves it to the end.
    /// (Clippy's `suspicious_open_options` asks to say whether `create`
    /// should truncate; `truncate(false)` is what the bare change means.)
    pub(crate) fn open_for_write(path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    }

    /// `append_twice` from `open_options.rs`, with the changed opener.
    pub(crate) fn write_twice(path: &Path) -> io::Result<()> {
        for line in ["2 order-7 OrderShipped", "3 order-42 OrderPaid"] {
            let mut file = open_for_write(path)?;
            writeln!(file, "{line}")?;
        }
        Ok(())
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::cell::RefCell;

    /// The stand-in for `File` from `open_options.rs`, writing its `close`
    /// lines into a log instead of stdout, so a test can compare them.
    pub(crate) struct Handle<'log>(
        pub(crate) &'static str,
        pub(crate) &'log RefCell<Vec<String>>,
    );

    impl Drop for Handle<'_> {
        fn drop(&mut self) {
            self.1.borrow_mut().push(format!("close {}", self.0));
        }
    }

    /// `drop_closes` as it is.
    pub(crate) fn original(log: &RefCell<Vec<String>>) {
        let _config = Handle("relay.conf", log);
        {
            let _log = Handle("events.log", log);
            log.borrow_mut().push("inner scope ends".into());
        }
        let spool = Handle("spool.dat", log);
        drop(spool);
        log.borrow_mut().push("function ends".into());
    }

    /// With `_config` and the inner block swapped.
    pub(crate) fn swapped(log: &RefCell<Vec<String>>) {
        {
            let _log = Handle("events.log", log);
            log.borrow_mut().push("inner scope ends".into());
        }
        let _config = Handle("relay.conf", log);
        let spool = Handle("spool.dat", log);
        drop(spool);
        log.borrow_mut().push("function ends".into());
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::io::{self, ErrorKind};

    /// `advice` from `io_errors.rs` with an arm for the new kind.
    pub(crate) fn advice(err: &io::Error) -> String {
        match err.kind() {
            ErrorKind::NotFound => "create the file or fix the path".to_owned(),
            ErrorKind::PermissionDenied => "check the owner and mode of the file".to_owned(),
            ErrorKind::IsADirectory => "expected a file, found a directory".to_owned(),
            ErrorKind::NotADirectory => "a part of the path is a file, not a directory".to_owned(),
            other => format!("unexpected: {other:?} ({err})"),
        }
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use std::path::{Component, Path};

    /// Whether `configured`, joined to `base`, stays inside `base`. An
    /// absolute path replaces `base` in `join`, so the result no longer
    /// starts with it; a `..` climbs out, and `join` does not resolve it, so
    /// it is rejected wherever it appears.
    pub(crate) fn is_inside(base: &Path, configured: &str) -> bool {
        let climbs = Path::new(configured)
            .components()
            .any(|part| part == Component::ParentDir);
        !climbs && base.join(configured).starts_with(base)
    }
}
// ANCHOR_END: answer5

/// A directory under the system temp dir that deletes itself when dropped.
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

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("answers-06-1")?;

    let log = scratch.path().join("events.log");
    fs::write(&log, "1 order-42 OrderPlaced\n")?;
    answer2::write_twice(&log)?;
    print!("answer 2, after two writes:\n{}", fs::read_to_string(&log)?);

    let (before, after) = (Default::default(), Default::default());
    answer3::original(&before);
    answer3::swapped(&after);
    println!("answer 3: same order after the swap: {}", before == after);

    fs::write(scratch.path().join("relay.conf"), "batch_size = 100\n")?;
    let through_a_file = scratch.path().join("relay.conf").join("inner");
    if let Err(err) = fs::read_to_string(&through_a_file) {
        println!("answer 4: {:?} -> {}", err.kind(), answer4::advice(&err));
    }

    let base = Path::new("/var/lib/relay");
    for configured in ["spool/2025", "./spool", "../etc/passwd", "/etc/relay.conf"] {
        println!(
            "answer 5: {configured:<16} inside: {}",
            answer5::is_inside(base, configured)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::io::ErrorKind;

    #[test]
    fn answer2_write_overwrites_from_the_start() -> io::Result<()> {
        let scratch = ScratchDir::new("answers-06-1-write")?;
        let log = scratch.path().join("events.log");
        fs::write(&log, "1 order-42 OrderPlaced\n")?;
        answer2::write_twice(&log)?;
        // The 21-byte third line covers 21 of the 23 bytes of the second:
        // its last two bytes, "d\n", are still there.
        assert_eq!(fs::read_to_string(&log)?, "3 order-42 OrderPaid\nd\n");
        Ok(())
    }

    #[test]
    fn answer3_the_swap_changes_nothing() {
        let (before, after) = (RefCell::new(Vec::new()), RefCell::new(Vec::new()));
        answer3::original(&before);
        answer3::swapped(&after);
        assert_eq!(before, after);
        assert_eq!(
            after.into_inner(),
            [
                "inner scope ends",
                "close events.log",
                "close spool.dat",
                "function ends",
                "close relay.conf"
            ]
        );
    }

    #[test]
    fn answer4_a_path_through_a_file_is_not_a_directory() -> io::Result<()> {
        let scratch = ScratchDir::new("answers-06-1-notadir")?;
        fs::write(scratch.path().join("relay.conf"), "x")?;
        let err = fs::read_to_string(scratch.path().join("relay.conf/inner"))
            .expect_err("relay.conf is a file");
        assert_eq!(err.kind(), ErrorKind::NotADirectory);
        assert_eq!(
            answer4::advice(&err),
            "a part of the path is a file, not a directory"
        );
        Ok(())
    }

    #[test]
    fn answer5_absolute_paths_and_parent_dirs_are_outside() {
        let base = Path::new("/var/lib/relay");
        assert!(answer5::is_inside(base, "spool/2025"));
        assert!(answer5::is_inside(base, "./spool"));
        assert!(!answer5::is_inside(base, "../etc/passwd"));
        assert!(!answer5::is_inside(base, "spool/../../etc"));
        assert!(!answer5::is_inside(base, "/etc/relay.conf"));
    }
}
