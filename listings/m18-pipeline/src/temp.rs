//! A file in the temporary directory that is deleted when dropped: where the
//! streaming examples, tests and figures put the corpora they read back.

use std::io;
use std::path::{Path, PathBuf};

/// A file under `std::env::temp_dir()`, named after its purpose and this
/// process (so parallel tests and runs do not collide), removed on drop.
#[derive(Debug)]
pub struct TempFile(PathBuf);

impl TempFile {
    /// Writes `bytes` to `m18-<name>-<pid>.txt` in the temporary directory.
    pub async fn write(name: &str, bytes: &[u8]) -> io::Result<TempFile> {
        let path = std::env::temp_dir().join(format!("m18-{name}-{}.txt", std::process::id()));
        tokio::fs::write(&path, bytes).await?;
        Ok(TempFile(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Best effort: a file already gone is what we wanted anyway.
        let _ = std::fs::remove_file(&self.0);
    }
}
