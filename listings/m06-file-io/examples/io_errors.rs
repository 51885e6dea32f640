//! Lesson 06.1: every file operation returns `io::Result`, and
//! `io::Error::kind()` says what went wrong in a portable way.

use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

fn main() -> io::Result<()> {
    let scratch = ScratchDir::new("io-errors")?;
    let root = scratch.path();
    fs::write(root.join("relay.conf"), "batch_size = 100\n")?;

    for name in ["relay.conf", "missing.conf", "."] {
        println!("{name:<13} -> {}", load_or_default(&root.join(name))?);
    }

    // Running as root (as CI containers often do) skips permission checks,
    // so this kind is built by hand to show the match arm.
    let denied = io::Error::from(ErrorKind::PermissionDenied);
    println!("hand-made     -> {}", advice(&denied));

    let err = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join("relay.conf"))
        .expect_err("the file exists");
    println!("create_new    -> {:?}: {err}", err.kind());
    Ok(())
}

// ANCHOR: kinds
/// Reads a config file; a missing file means "use the defaults".
/// Every other failure is a real problem and goes back to the caller.
fn load_or_default(path: &Path) -> io::Result<String> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(format!("{} bytes of config", text.len())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok("defaults (no file)".to_owned()),
        Err(e) => Ok(advice(&e)),
    }
}

/// What an operator should do about an error, by its kind.
fn advice(err: &io::Error) -> String {
    match err.kind() {
        ErrorKind::NotFound => "create the file or fix the path".to_owned(),
        ErrorKind::PermissionDenied => "check the owner and mode of the file".to_owned(),
        ErrorKind::IsADirectory => "expected a file, found a directory".to_owned(),
        other => format!("unexpected: {other:?} ({err})"),
    }
}
// ANCHOR_END: kinds

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
    fn missing_file_is_not_found() {
        let err = fs::read_to_string("/definitely/not/here.conf").expect_err("missing");
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn missing_config_falls_back_to_defaults() -> io::Result<()> {
        let scratch = ScratchDir::new("io-errors-defaults")?;
        let result = load_or_default(&scratch.path().join("nope"))?;
        assert_eq!(result, "defaults (no file)");
        Ok(())
    }

    #[test]
    fn a_directory_is_not_a_config() -> io::Result<()> {
        let scratch = ScratchDir::new("io-errors-dir")?;
        let err = fs::read_to_string(scratch.path()).expect_err("a directory");
        assert_eq!(err.kind(), ErrorKind::IsADirectory);
        Ok(())
    }

    #[test]
    fn advice_per_kind() {
        let denied = io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(advice(&denied), "check the owner and mode of the file");
        let other = io::Error::other("boom");
        assert!(advice(&other).starts_with("unexpected: Other"));
    }
}
