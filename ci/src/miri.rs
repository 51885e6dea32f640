//! The `miri` step: lesson 15.4's `unsafe` code, run under Miri.
//!
//! Miri is an interpreter for Rust's mid-level IR that checks every memory
//! access, every `unsafe` precondition it knows and the aliasing rules, and
//! stops at the first undefined behaviour with a report. It ships only with
//! nightly toolchains, so this step uses the `nightly` toolchain beside the
//! pinned stable one, installing it (or its `miri` and `rust-src`
//! components) with rustup when missing. The course's own code still builds
//! with the pinned toolchain; only this step uses nightly.
//!
//! Runs as a reader would type them
//! (`cargo +nightly miri test -p m15-codegen --lib FILTER`, or
//! `--example answers_15_4` for the lesson's answers):
//! - the sound tests of `src/codegen.rs` and of the lesson's answers must
//!   pass under Miri;
//! - each deliberately broken test must fail with Miri's report of
//!   undefined behaviour, and the report's first lines (what the book shows)
//!   must match the file kept beside the listing. `COURSE_BLESS=1 cargo
//!   course miri` rewrites those files. A nightly that words the report
//!   differently fails the comparison too, on purpose: the book shows the
//!   words.
//!
//! Miri's build goes to `<target>/miri`, apart from the stable builds (cargo
//! miri adds a `miri/` directory of its own below that).

use crate::project::{Project, run_checked};
use anyhow::{Context, Result, bail};
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;

/// Miri numbers allocations as the program runs (`alloc41511`); the number
/// changes with anything allocated before, so the kept report says `allocN`.
static ALLOCATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\balloc\d+\b").expect("valid regex"));

/// The nightly toolchain Miri comes with (not pinned: Miri has no stable release).
pub const TOOLCHAIN: &str = "nightly";

/// The package whose tests run under Miri.
pub const PACKAGE: &str = "m15-codegen";

/// One `cargo miri test` run: which test target, and a libtest filter.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub target: &'static [&'static str],
    pub filter: &'static str,
}

impl Run {
    fn shown(&self) -> String {
        format!(
            "cargo +{TOOLCHAIN} miri test -p {PACKAGE} {} {}",
            self.target.join(" "),
            self.filter
        )
    }
}

/// The tests that must pass under Miri.
pub const SOUND: [Run; 2] = [
    Run {
        target: &["--lib"],
        filter: "codegen::tests::",
    },
    Run {
        target: &["--example", "answers_15_4"],
        filter: "tests::",
    },
];

/// Tests with undefined behaviour on purpose, and the file that keeps the
/// start of Miri's report for each (relative to the repository).
pub const BROKEN: [(Run, &str); 2] = [
    (
        Run {
            target: &["--lib"],
            filter: "codegen::broken::a_short_table_breaks_the_contract",
        },
        "listings/m15-codegen/miri/short_table.txt",
    ),
    (
        Run {
            target: &["--example", "answers_15_4"],
            filter: "broken::raw_pointer_past_the_end",
        },
        "listings/m15-codegen/miri/raw_pointer.txt",
    ),
];

/// Set to rewrite the expected reports from what Miri prints.
const BLESS_VARIABLE: &str = "COURSE_BLESS";

/// Runs the step: the sound tests, then each broken one.
pub fn check(project: &Project) -> Result<()> {
    ensure_miri()?;
    let target = project.target_dir().join("miri");
    for run in SOUND {
        eprintln!("    --- sound: {} must pass", run.shown());
        run_checked(&mut miri_test(project, &target, run), &run.shown())?;
    }
    let bless = std::env::var_os(BLESS_VARIABLE).is_some_and(|v| v == "1");
    let mut failed = Vec::new();
    for (run, file) in BROKEN {
        eprintln!(
            "    --- broken: {} must report what {file} shows",
            run.shown()
        );
        if let Err(e) = expect_ub(project, &target, run, file, bless) {
            eprintln!("    FAILED: {e:#}");
            failed.push(run.filter);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        bail!(
            "{} broken test(s) did not fail as the book shows: {}",
            failed.len(),
            failed.join(", ")
        )
    }
}

/// Runs one broken test, and compares (or blesses) the start of Miri's report.
fn expect_ub(project: &Project, target: &Path, run: Run, file: &str, bless: bool) -> Result<()> {
    let test = run.filter;
    let output = miri_test(project, target, run)
        .stdin(Stdio::null())
        .output()
        .context("running cargo miri test")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        bail!(
            "{test} passed under Miri, but it is there to show undefined behaviour (is it still called `{test}`?)"
        );
    }
    let Some(report) = ub_report(&stderr) else {
        bail!("{test} failed without a report of undefined behaviour:\n{stderr}");
    };
    let path: PathBuf = project.root.join(file);
    if bless {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, &report).with_context(|| format!("writing {file}"))?;
        eprintln!("    wrote {file}");
        return Ok(());
    }
    let kept = fs::read_to_string(&path).unwrap_or_default();
    if kept != report {
        bail!(
            "Miri's report differs from {file}; if the change is intended (a new nightly, an edited listing), run `COURSE_BLESS=1 cargo course miri`\n      book shows:\n{kept}\n      Miri says:\n{report}"
        );
    }
    eprintln!("    ok: Miri reports what {file} shows");
    Ok(())
}

/// `cargo +nightly miri test -p m15-codegen TARGET FILTER`, through
/// `rustup run` (the `+toolchain` shorthand needs rustup's cargo proxy,
/// which is not necessarily the `cargo` on PATH), into `target`.
fn miri_test(project: &Project, target: &Path, run: Run) -> Command {
    let mut command = Command::new("rustup");
    command
        .args(["run", TOOLCHAIN, "cargo", "miri", "test", "--locked"])
        .args(["--package", PACKAGE])
        .args(run.target)
        .arg(run.filter)
        .current_dir(&project.root)
        .env("CARGO_TARGET_DIR", target)
        // The pinned toolchain's cargo and rustc, as `cargo course` was started
        // with them: cargo miri must find nightly's own.
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .env_remove("RUSTUP_TOOLCHAIN");
    command
}

/// Installs the nightly toolchain, or its miri and rust-src components, if missing.
fn ensure_miri() -> Result<()> {
    let toolchains = capture(Command::new("rustup").args(["toolchain", "list"]))?;
    let has_nightly = toolchains
        .lines()
        .any(|l| l.starts_with(&format!("{TOOLCHAIN}-")));
    if !has_nightly {
        eprintln!("    installing the {TOOLCHAIN} toolchain with miri and rust-src");
        return run_checked(
            Command::new("rustup").args([
                "toolchain",
                "install",
                TOOLCHAIN,
                "--profile",
                "minimal",
                "--component",
                "miri,rust-src",
            ]),
            "rustup toolchain install nightly",
        );
    }
    let installed = capture(Command::new("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        TOOLCHAIN,
    ]))?;
    let missing: Vec<&str> = ["miri", "rust-src"]
        .into_iter()
        .filter(|c| !installed.lines().any(|l| l.starts_with(c)))
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "    adding {} to the {TOOLCHAIN} toolchain",
            missing.join(" and ")
        );
        run_checked(
            Command::new("rustup")
                .args(["component", "add", "--toolchain", TOOLCHAIN])
                .args(&missing),
            "rustup component add",
        )?;
    }
    Ok(())
}

fn capture(command: &mut Command) -> Result<String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .context("running rustup (is it installed and on PATH?)")?;
    if !output.status.success() {
        bail!(
            "rustup failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The start of Miri's report: from `error: Undefined Behavior` to the
/// source line it points at, before the `= help` notes; allocation numbers
/// as `allocN`.
pub fn ub_report(stderr: &str) -> Option<String> {
    let mut lines = stderr
        .lines()
        .skip_while(|l| !l.starts_with("error: Undefined Behavior"));
    let first = lines.next()?;
    let mut kept: Vec<&str> = std::iter::once(first)
        .chain(lines.take_while(|l| !l.trim_start().starts_with("= ")))
        .map(str::trim_end)
        .collect();
    // An empty gutter line (`   |`) comes before the notes.
    while kept.last().is_some_and(|l| l.trim() == "|") {
        kept.pop();
    }
    let report: String = kept.iter().map(|l| format!("{l}\n")).collect();
    Some(ALLOCATION.replace_all(&report, "allocN").into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STDERR: &str = "   Compiling m15-codegen v0.1.0\nerror: Undefined Behavior: `assume` called with `false`\n  --> listings/m15-codegen/src/codegen.rs:67:38\n   |\n67 |         crc = (crc >> 8) ^ unsafe { *table.get_unchecked(index) };\n   |                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^ Undefined Behavior occurred here\n   |\n   = help: this indicates a bug in the program\n";

    #[test]
    fn the_report_is_cut_before_the_notes() {
        let report = ub_report(STDERR).expect("a report");
        assert!(report.starts_with("error: Undefined Behavior: `assume`"));
        assert!(
            report.ends_with("Undefined Behavior occurred here\n"),
            "{report}"
        );
        assert_eq!(report.lines().count(), 5, "{report}");
    }

    #[test]
    fn allocation_numbers_are_normalised() {
        let stderr = "error: Undefined Behavior: memory access failed: attempting to access 4 bytes, but got alloc41511+0x3fc which is at or beyond the end of the allocation of size 1020 bytes\n   = help: x\n";
        let report = ub_report(stderr).expect("a report");
        assert!(report.contains("got allocN+0x3fc which"), "{report}");
    }

    #[test]
    fn no_report_without_undefined_behaviour() {
        assert_eq!(ub_report("error: test failed\n"), None);
    }
}
