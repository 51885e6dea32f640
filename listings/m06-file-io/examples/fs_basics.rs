//! Lesson 06.1: the one-call helpers in `std::fs`. Each opens, reads or
//! writes, and closes a file in a single function call, which is all most
//! configuration and fixture files ever need.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("fs-basics")?;
    tour(scratch.path())
}

// ANCHOR: tour
/// Creates a small outbox spool, reads it back and lists it.
fn tour(root: &Path) -> io::Result<()> {
    let pending = root.join("outbox").join("pending");
    fs::create_dir_all(&pending)?; // like `mkdir -p`: parents too, fine if it exists

    fs::write(pending.join("0001.msg"), "order-42|OrderPlaced|{}\n")?;
    fs::write(pending.join("0002.msg"), "order-7|OrderShipped|{}\n")?;

    let first = fs::read_to_string(pending.join("0001.msg"))?;
    print!("0001.msg holds: {first}");

    let meta = fs::metadata(pending.join("0002.msg"))?;
    println!(
        "0002.msg: {} bytes, file: {}, dir: {}",
        meta.len(),
        meta.is_file(),
        meta.is_dir()
    );

    for name in sorted_entries(&pending)? {
        println!("entry: {}", relative(root, &pending.join(name)));
    }
    Ok(())
}
// ANCHOR_END: tour

// ANCHOR: list
/// The file names in `dir`, sorted: `read_dir` promises no order at all.
fn sorted_entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?; // each entry can fail on its own
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// `path` without the `root` prefix, for output that is the same on every machine.
fn relative(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.display().to_string()
}
// ANCHOR_END: list

// ANCHOR: scratch
/// A directory under the system temp dir that deletes itself when dropped.
#[derive(Debug)]
struct ScratchDir(PathBuf);

impl ScratchDir {
    /// `label` plus the process id keeps parallel runs from colliding.
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
        // Drop cannot return an error; a leftover temp dir is harmless.
        let _ = fs::remove_dir_all(&self.0);
    }
}
// ANCHOR_END: scratch

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_read_round_trips() -> io::Result<()> {
        let scratch = ScratchDir::new("fs-basics-roundtrip")?;
        let file = scratch.path().join("a.txt");
        fs::write(&file, "hello")?;
        assert_eq!(fs::read_to_string(&file)?, "hello");
        assert_eq!(fs::metadata(&file)?.len(), 5);
        Ok(())
    }

    #[test]
    fn entries_come_back_sorted() -> io::Result<()> {
        let scratch = ScratchDir::new("fs-basics-sorted")?;
        for name in ["c", "a", "b"] {
            fs::write(scratch.path().join(name), "")?;
        }
        assert_eq!(sorted_entries(scratch.path())?, ["a", "b", "c"]);
        Ok(())
    }

    #[test]
    fn create_dir_all_is_idempotent() -> io::Result<()> {
        let scratch = ScratchDir::new("fs-basics-mkdir")?;
        let nested = scratch.path().join("x/y/z");
        fs::create_dir_all(&nested)?;
        fs::create_dir_all(&nested)?;
        assert!(nested.is_dir());
        Ok(())
    }

    #[test]
    fn scratch_dir_removes_itself() -> io::Result<()> {
        let path = {
            let scratch = ScratchDir::new("fs-basics-drop")?;
            fs::write(scratch.path().join("f"), "x")?;
            scratch.path().to_path_buf()
        };
        assert!(!path.exists());
        Ok(())
    }

    #[test]
    fn relative_strips_the_root() {
        let root = Path::new("/tmp/root");
        assert_eq!(relative(root, &root.join("a/b.msg")), "a/b.msg");
        assert_eq!(relative(root, Path::new("/elsewhere")), "/elsewhere");
    }
}
