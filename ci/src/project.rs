//! Where things are in the course repository, and how a listing is run.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// The course repository: the directory with `book.toml` and the workspace `Cargo.toml`.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    /// Finds the repository that contains `start` (or is it).
    pub fn find(start: &Path) -> Result<Project> {
        let start = start
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", start.display()))?;
        for dir in start.ancestors() {
            if dir.join("book.toml").is_file() && dir.join("Cargo.toml").is_file() {
                return Ok(Project {
                    root: dir.to_path_buf(),
                });
            }
        }
        bail!(
            "{} is not inside the Rust Mastery repository (no book.toml beside a Cargo.toml)",
            start.display()
        )
    }

    pub fn src(&self) -> PathBuf {
        self.root.join("src")
    }

    /// Cargo's target directory: `CARGO_TARGET_DIR`, or `target/` in the repository.
    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| self.root.join("target"), PathBuf::from)
    }

    /// Every chapter file under `src/` except `SUMMARY.md`, sorted.
    pub fn chapters(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        collect(&self.src(), "md", &mut out)?;
        out.retain(|p| p.file_name().is_some_and(|n| n != "SUMMARY.md"));
        out.sort();
        Ok(out)
    }

    /// The listing crates: every directory under `listings/` with a `Cargo.toml`.
    pub fn listing_crates(&self) -> Result<Vec<ListingCrate>> {
        let mut crates = Vec::new();
        let dir = self.root.join("listings");
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            let manifest = path.join("Cargo.toml");
            if manifest.is_file() {
                crates.push(ListingCrate {
                    package: package_name(&manifest)?,
                    dir: path,
                });
            }
        }
        crates.sort_by(|a, b| a.dir.cmp(&b.dir));
        Ok(crates)
    }

    /// A path relative to the repository root, with `/` separators, for messages and captions.
    pub fn relative(&self, path: &Path) -> String {
        let normal = normalize(path);
        let shown = normal.strip_prefix(&self.root).unwrap_or(&normal);
        shown.to_string_lossy().replace('\\', "/")
    }

    /// How a reader runs (or sees the result of) a file under `listings/`.
    pub fn command_for(&self, path: &Path) -> Option<String> {
        let relative = self.relative(path);
        let mut parts = relative.split('/');
        if parts.next()? != "listings" {
            return None;
        }
        let crate_dir = parts.next()?;
        let inner: Vec<&str> = parts.collect();
        let stem = Path::new(inner.last()?)
            .file_stem()?
            .to_string_lossy()
            .into_owned();
        let file = *inner.last()?;
        // Module 12's C, Go, Python, JavaScript and wrangler files are built
        // and run by the ffi step, not by cargo.
        if crate_dir.starts_with("m12-")
            && !file.ends_with(".rs")
            && file != "Cargo.toml"
            && !matches!(inner.first(), Some(&"outputs" | &"figures"))
        {
            return Some("cargo course ffi".to_owned());
        }
        let package = package_name(
            &self
                .root
                .join("listings")
                .join(crate_dir)
                .join("Cargo.toml"),
        )
        .ok()?;
        Some(match inner.as_slice() {
            ["examples", _] => format!("cargo run -p {package} --example {stem}"),
            ["src", "main.rs"] => format!("cargo run -p {package}"),
            ["src", "bin", _] => format!("cargo run -p {package} --bin {stem}"),
            ["tests", _] => format!("cargo test -p {package} --test {stem}"),
            ["benches", _] => format!("cargo bench -p {package} --bench {stem}"),
            ["compile_fail", _] => format!("rustc --edition 2024 {relative}"),
            // Miri's reports of deliberate undefined behaviour (lesson 15.4).
            ["miri", _] => "cargo course miri".to_owned(),
            ["outputs", _] if relative.ends_with(".stderr") => {
                format!("rustc --edition 2024 listings/{crate_dir}/compile_fail/{stem}.rs")
            }
            ["outputs", _] => format!("cargo run -p {package} --example {stem}"),
            _ => format!("cargo test -p {package}"),
        })
    }
}

/// The cargo that runs this tool (`$CARGO` under `cargo run`/`cargo test`),
/// so nested builds use the same pinned toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` with no input and fails, naming `what`, unless it succeeds.
pub fn run_checked(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// A crate under `listings/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingCrate {
    pub package: String,
    pub dir: PathBuf,
}

/// The `name` of a manifest's `[package]`.
pub fn package_name(manifest: &Path) -> Result<String> {
    let text =
        fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package
            && let Some(value) = line.strip_prefix("name").map(str::trim_start)
            && let Some(value) = value.strip_prefix('=')
        {
            return Ok(value.trim().trim_matches('"').to_owned());
        }
    }
    bail!("{} has no [package] name", manifest.display())
}

/// Removes `.` and resolves `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Files with extension `ext` under `dir`, recursively.
pub fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, ext, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        fs::write(root.join("book.toml"), "").expect("write");
        fs::write(root.join("Cargo.toml"), "[workspace]\n").expect("write");
        let krate = root.join("listings/m01-demo");
        fs::create_dir_all(&krate).expect("mkdir");
        fs::write(
            krate.join("Cargo.toml"),
            "[package]\nname = \"m01-demo\"\nversion = \"0.1.0\"\n",
        )
        .expect("write");
        (dir, Project { root })
    }

    #[test]
    fn finds_the_root_from_a_subdirectory() {
        let (_dir, project) = project();
        let found = Project::find(&project.root.join("listings/m01-demo")).expect("found");
        assert_eq!(found.root, project.root);
    }

    #[test]
    fn commands_follow_the_cargo_target_layout() {
        let (_dir, p) = project();
        let chapter_dir = p.root.join("src/01-core");
        let cmd = |rel: &str| p.command_for(&chapter_dir.join(rel));
        assert_eq!(
            cmd("../../listings/m01-demo/examples/shadowing.rs").as_deref(),
            Some("cargo run -p m01-demo --example shadowing")
        );
        assert_eq!(
            cmd("../../listings/m01-demo/src/bin/tool.rs").as_deref(),
            Some("cargo run -p m01-demo --bin tool")
        );
        assert_eq!(
            cmd("../../listings/m01-demo/src/store.rs").as_deref(),
            Some("cargo test -p m01-demo")
        );
        assert_eq!(
            cmd("../../listings/m01-demo/compile_fail/twice.rs").as_deref(),
            Some("rustc --edition 2024 listings/m01-demo/compile_fail/twice.rs")
        );
        assert_eq!(
            cmd("../../listings/m01-demo/outputs/shadowing.txt").as_deref(),
            Some("cargo run -p m01-demo --example shadowing")
        );
        assert_eq!(
            cmd("../../listings/m12-demo/c/main.c").as_deref(),
            Some("cargo course ffi")
        );
        assert_eq!(
            cmd("../../listings/m12-demo/pyproject.toml").as_deref(),
            Some("cargo course ffi")
        );
        assert_eq!(
            cmd("../../listings/m01-demo/miri/short_table.txt").as_deref(),
            Some("cargo course miri")
        );
        assert_eq!(cmd("../other.md"), None);
    }

    #[test]
    fn package_names_come_from_the_package_table() {
        let (_dir, p) = project();
        let crates = p.listing_crates().expect("crates");
        assert_eq!(crates.len(), 1);
        assert_eq!(crates[0].package, "m01-demo");
    }
}
