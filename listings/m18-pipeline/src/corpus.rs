//! The text the lessons run on.
//!
//! - [`synthetic`]: a small made-up corpus, the same on every machine, for
//!   the examples whose output the book shows;
//! - [`documentation`]: real text for the benchmarks: the Markdown files
//!   (READMEs, changelogs, guides) of every crate this workspace's
//!   `Cargo.lock` pins, repeated until the corpus reaches the size asked
//!   for. `cargo metadata` names them, so the corpus is the same wherever the
//!   lockfile is.

use crate::pipeline::DOCUMENT_SEPARATOR;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small deterministic random number generator (xorshift64*): the
/// synthetic corpus must not depend on a crate's version or the machine.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "outbox",
    "relay",
    "publishes",
    "event",
    "order",
    "placed",
    "payment",
    "captured",
    "message",
    "broker",
    "RabbitMQ",
    "NATS",
    "queue",
    "retry",
    "after",
    "backoff",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "Rust",
    "Python",
    "tokenizer",
    "chunk",
    "model",
    "embedding",
    "vector",
    "café",
    "naïve",
    "Zürich",
    "données",
    "日本語",
    "ошибка",
    "price_eur",
    "v2",
    "2026",
    "42",
];
const PUNCTUATION: &[&str] = &[
    ",", ".", ":", ";", "!", "?", " -", " (", ")", " \"", "\"", "=>", "::",
];

// ANCHOR: synthetic
/// `documents` made-up documents of 20 to 400 words, separated by
/// [`DOCUMENT_SEPARATOR`]. The same `seed` gives the same bytes everywhere.
pub fn synthetic(seed: u64, documents: usize) -> Vec<u8> {
    let mut random = Xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut corpus = Vec::new();
    for _ in 0..documents {
        let words = 20 + random.below(381);
        for index in 0..words {
            if index > 0 {
                corpus.push(if random.below(12) == 0 { b'\n' } else { b' ' });
            }
            let word = WORDS[random.below(WORDS.len())];
            if random.below(8) == 0 {
                // Sentence case: the normaliser has something to do.
                let mut letters = word.chars();
                if let Some(first) = letters.next() {
                    corpus.extend(first.to_uppercase().to_string().bytes());
                    corpus.extend(letters.as_str().bytes());
                }
            } else {
                corpus.extend_from_slice(word.as_bytes());
            }
            if random.below(6) == 0 {
                corpus.extend_from_slice(PUNCTUATION[random.below(PUNCTUATION.len())].as_bytes());
            }
        }
        corpus.push(DOCUMENT_SEPARATOR);
    }
    corpus
}
// ANCHOR_END: synthetic

/// The Markdown files of the crates `Cargo.lock` pins, in a fixed order
/// (crate name, version, path in the crate).
pub fn documentation_files(workspace: &Path) -> Result<Vec<PathBuf>> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(workspace)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading cargo metadata")?;
    let mut packages: Vec<(String, String, PathBuf)> = metadata["packages"]
        .as_array()
        .context("cargo metadata has no packages")?
        .iter()
        // The registry's crates only: the workspace's own Markdown changes with every commit.
        .filter(|package| {
            package["source"]
                .as_str()
                .is_some_and(|source| source.starts_with("registry+"))
        })
        .filter_map(|package| {
            let manifest = PathBuf::from(package["manifest_path"].as_str()?);
            Some((
                package["name"].as_str()?.to_owned(),
                package["version"].as_str()?.to_owned(),
                manifest.parent()?.to_path_buf(),
            ))
        })
        .collect();
    packages.sort();
    let mut files = Vec::new();
    for (_, _, root) in packages {
        let mut found = Vec::new();
        markdown_under(&root, &mut found)?;
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn markdown_under(directory: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in
        fs::read_dir(directory).with_context(|| format!("reading {}", directory.display()))?
    {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            markdown_under(&path, found)?;
        } else if kind.is_file() && path.extension().is_some_and(|extension| extension == "md") {
            found.push(path);
        }
    }
    Ok(())
}

/// `text` with every [`DOCUMENT_SEPARATOR`] replaced by a space: a file
/// that happens to hold the byte stays one document, and a whole corpus
/// becomes one long document.
pub fn separators_as_spaces(text: &[u8]) -> impl Iterator<Item = u8> + '_ {
    text.iter().map(|&byte| {
        if byte == DOCUMENT_SEPARATOR {
            b' '
        } else {
            byte
        }
    })
}

// ANCHOR: documentation
/// A corpus of at least `min_bytes`: every documentation file is one
/// document, and the whole set is repeated until the corpus is big enough.
/// A file that holds the separator byte has it replaced by a space.
pub fn documentation(workspace: &Path, min_bytes: usize) -> Result<Vec<u8>> {
    let mut once = Vec::new();
    for file in documentation_files(workspace)? {
        let text = fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        once.extend(separators_as_spaces(&text));
        once.push(DOCUMENT_SEPARATOR);
    }
    if once.is_empty() {
        bail!("no documentation files found under the locked crates");
    }
    let mut corpus = Vec::with_capacity(min_bytes + once.len());
    while corpus.len() < min_bytes {
        corpus.extend_from_slice(&once);
    }
    Ok(corpus)
}
// ANCHOR_END: documentation

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_corpus_is_the_same_for_the_same_seed() {
        assert_eq!(synthetic(1, 50), synthetic(1, 50));
        assert_ne!(synthetic(1, 50), synthetic(2, 50));
        let corpus = synthetic(1, 50);
        assert_eq!(
            corpus
                .iter()
                .filter(|&&byte| byte == DOCUMENT_SEPARATOR)
                .count(),
            50
        );
        assert!(std::str::from_utf8(&corpus).is_ok());
    }
}
