//! Lesson 02.1: RAII. A resource is acquired when a value is created and
//! released by its `Drop`, so cleanup happens on every path out of a scope.
//!
//! Run with `cargo run -p m02-ownership --example raii_guards`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

// ANCHOR: temp_file
/// A scratch file that deletes itself when its owner goes away.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn create(name: &str, contents: &str) -> io::Result<TempFile> {
        // The process id keeps parallel runs (and tests) from sharing a file.
        let file_name = format!("{name}-{}.tmp", std::process::id());
        let path = std::env::temp_dir().join(file_name);
        fs::write(&path, contents)?;
        Ok(TempFile { path })
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // `drop` cannot return an error; a leftover scratch file is harmless.
        let _ = fs::remove_file(&self.path);
    }
}
// ANCHOR_END: temp_file

// ANCHOR: use_temp_file
/// Writes a spool file, reads it back, and reports whether it still exists
/// once the `TempFile` is gone.
fn spool_round_trip(name: &str) -> io::Result<bool> {
    let path_after_scope;
    {
        let spool = TempFile::create(name, "order-17 placed\n")?;
        let text = fs::read_to_string(spool.path())?;
        println!("spool holds {} bytes", text.len());
        println!("exists inside the block: {}", spool.path().exists());
        path_after_scope = spool.path().to_path_buf();
    } // `spool` goes out of scope: its Drop deletes the file
    Ok(path_after_scope.exists())
}
// ANCHOR_END: use_temp_file

// ANCHOR: lock_guard
/// Holds a lock only for the block that needs it.
fn lock_for_one_block(pending: &Mutex<Vec<u64>>) -> (bool, bool) {
    let locked_inside;
    {
        let mut guard = pending.lock().expect("no thread panicked holding the lock");
        guard.push(18);
        locked_inside = pending.try_lock().is_err(); // the guard still holds it
    } // `guard` dropped: the mutex is unlocked here, not later
    let free_after = pending.try_lock().is_ok();
    (locked_inside, free_after)
}
// ANCHOR_END: lock_guard

fn main() -> io::Result<()> {
    let exists_after = spool_round_trip("outbox-spool")?;
    println!("exists after the block: {exists_after}");

    let pending = Mutex::new(vec![17]);
    let (locked_inside, free_after) = lock_for_one_block(&pending);
    println!("mutex locked while the guard lives: {locked_inside}");
    println!("mutex free after the guard's block: {free_after}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_gone_once_its_owner_is() {
        assert!(!spool_round_trip("raii-test").expect("temp dir is writable"));
    }

    #[test]
    fn the_lock_is_released_at_the_end_of_the_guards_block() {
        let pending = Mutex::new(vec![17]);
        assert_eq!(lock_for_one_block(&pending), (true, true));
        assert_eq!(*pending.lock().expect("not poisoned"), [17, 18]);
    }
}
