//! Lesson 06.1: `Path` and `PathBuf`. A path is an `OsStr`, not a `str`:
//! the operating system allows bytes (Unix) or UTF-16 units (Windows) that
//! are not valid UTF-8, so converting to text is a question, not a given.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn main() {
    build_paths();
    inspect_parts();
    not_always_utf8();
}

// ANCHOR: build
fn build_paths() {
    let base = PathBuf::from("/var/lib/relay");
    let segment = base.join("outbox").join("segment-0001.log");
    println!("joined:   {}", segment.display());

    let marker = segment.with_extension("sent");
    println!("marker:   {}", marker.display());

    // Joining an absolute path replaces everything before it.
    println!("relative: {}", resolve(&base, "spool").display());
    println!("absolute: {}", resolve(&base, "/etc/relay.conf").display());

    let mut owned = PathBuf::from("spool");
    owned.push("2024");
    owned.set_file_name("2025");
    println!("pushed:   {}", owned.display());
}
/// Resolves a path from the config file against the service's base dir.
fn resolve(base: &Path, configured: &str) -> PathBuf {
    base.join(configured)
}
// ANCHOR_END: build

// ANCHOR: inspect
fn inspect_parts() {
    let path = Path::new("/var/lib/relay/outbox/segment-0001.log");
    let name: Option<&OsStr> = path.file_name();
    let stem = path.file_stem().and_then(OsStr::to_str);
    let ext = path.extension().and_then(OsStr::to_str);
    println!("file_name: {name:?}, stem: {stem:?}, extension: {ext:?}");
    println!("parent:    {:?}", path.parent());
    let parts: Vec<_> = path.iter().map(OsStr::to_string_lossy).collect();
    println!("parts:     {parts:?}");
}
// ANCHOR_END: inspect

// ANCHOR: utf8
#[cfg(unix)]
fn not_always_utf8() {
    use std::os::unix::ffi::OsStrExt;

    // 0xFF never appears in UTF-8, but it is a legal byte in a Unix file name.
    let raw = OsStr::from_bytes(b"report-\xFF.csv");
    let path = Path::new(raw);
    println!("to_str:     {:?}", path.to_str());
    println!("lossy:      {}", path.to_string_lossy());
    println!("extension:  {:?}", path.extension());
}
// ANCHOR_END: utf8

#[cfg(not(unix))]
fn not_always_utf8() {
    println!("(the non-UTF-8 demo needs a Unix file system)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_with_extension() {
        let p = Path::new("/a").join("b").join("c.log");
        assert_eq!(p, Path::new("/a/b/c.log"));
        assert_eq!(p.with_extension("sent"), Path::new("/a/b/c.sent"));
    }

    #[test]
    fn absolute_join_replaces() {
        assert_eq!(resolve(Path::new("/a"), "/b"), Path::new("/b"));
        assert_eq!(resolve(Path::new("/a"), "b"), Path::new("/a/b"));
    }

    #[test]
    fn parts_of_a_path() {
        let p = Path::new("dir/file.tar.gz");
        assert_eq!(p.file_stem(), Some(OsStr::new("file.tar")));
        assert_eq!(p.extension(), Some(OsStr::new("gz")));
        assert_eq!(p.parent(), Some(Path::new("dir")));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_do_not_convert() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"\xFF"));
        assert_eq!(p.to_str(), None);
        assert_eq!(p.to_string_lossy(), "\u{FFFD}");
    }
}
