//! `cargo test` output is long (thousands of lines), and a CI log is often
//! read from its end. This runs the tests with their output passed through
//! unchanged, and keeps what libtest prints about each failed test (the
//! binary it was in, and its captured output with the panic message) so the
//! step's error can repeat it where the reader looks: at the end.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::thread;

/// At most this many lines of one binary's failure report are repeated.
const LINES_PER_BINARY: usize = 80;

/// Runs `command` (a `cargo test`), echoing its output; on failure the error
/// carries the failure reports of every failed test binary.
pub fn run(command: &mut Command, what: &str) -> Result<()> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {what}"))?;
    let stderr = child.stderr.take().context("test stderr")?;
    // cargo names each binary on stderr ("Running tests/faults.rs (…)") and
    // libtest reports on stdout; interleave both into one reader so a
    // report can name the binary it came from.
    let (lines, received) = std::sync::mpsc::channel::<(bool, String)>();
    let err_lines = lines.clone();
    let err_reader = thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_lines.send((true, line));
        }
    });
    let stdout = child.stdout.take().context("test stdout")?;
    let out_reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send((false, line));
        }
    });
    let mut collector = Collector::default();
    for (is_err, line) in received {
        if is_err {
            eprintln!("{line}");
        } else {
            println!("{line}");
            let _ = std::io::stdout().flush();
        }
        collector.line(&line);
    }
    let _ = (err_reader.join(), out_reader.join());
    let status = child
        .wait()
        .with_context(|| format!("waiting for {what}"))?;
    if status.success() {
        return Ok(());
    }
    let reports = collector.finish();
    if reports.is_empty() {
        bail!("{what} failed ({status})");
    }
    bail!(
        "{what} failed ({status}); what the failed tests printed:\n{}",
        reports.join("\n")
    )
}

/// Picks libtest's failure sections out of a test run's output.
#[derive(Debug, Default)]
pub struct Collector {
    binary: String,
    in_failures: bool,
    current: Vec<String>,
    reports: Vec<String>,
}

impl Collector {
    pub fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            self.binary = rest.to_owned();
        } else if trimmed.starts_with("Doc-tests ") {
            self.binary = trimmed.to_owned();
        }
        if line == "failures:" {
            if self.in_failures {
                self.close();
            } else {
                self.in_failures = true;
            }
        } else if self.in_failures {
            self.current.push(line.to_owned());
        }
    }

    fn close(&mut self) {
        self.in_failures = false;
        let lines: Vec<String> = std::mem::take(&mut self.current)
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let shown = lines.len().min(LINES_PER_BINARY);
        let mut report = format!("  in {}:\n", self.binary);
        for line in &lines[..shown] {
            report.push_str("    ");
            report.push_str(line);
            report.push('\n');
        }
        if lines.len() > shown {
            report.push_str(&format!("    … {} more line(s)\n", lines.len() - shown));
        }
        self.reports.push(report);
    }

    pub fn finish(mut self) -> Vec<String> {
        if self.in_failures {
            self.close();
        }
        self.reports
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_failed_binarys_report_and_names_the_binary() {
        let log = "\
     Running tests/faults.rs (target/debug/deps/faults-abc)
running 2 tests
test a ... ok
test b ... FAILED

failures:

---- b stdout ----
thread 'b' panicked at tests/faults.rs:10:5:
no message lost


failures:
    b

test result: FAILED. 1 passed; 1 failed
     Running tests/other.rs (target/debug/deps/other-def)
test c ... ok
";
        let mut collector = Collector::default();
        log.lines().for_each(|l| collector.line(l));
        let reports = collector.finish();
        assert_eq!(reports.len(), 1);
        assert!(reports[0].starts_with("  in tests/faults.rs (target/debug/deps/faults-abc):"));
        assert!(reports[0].contains("---- b stdout ----"));
        assert!(reports[0].contains("no message lost"));
        assert!(!reports[0].contains("test c"));
    }

    #[test]
    fn a_failed_run_repeats_the_report_in_its_error() {
        let script = "echo '     Running tests/faults.rs (x)' >&2; \
            printf 'failures:\n\n---- t stdout ----\nno message lost\n\nfailures:\n    t\n'; \
            exit 101";
        let error =
            run(Command::new("sh").args(["-c", script]), "the tests").expect_err("exit 101 fails");
        let text = format!("{error:#}");
        assert!(text.contains("in tests/faults.rs (x):"), "{text}");
        assert!(text.contains("no message lost"), "{text}");
        assert!(run(&mut Command::new("true"), "nothing").is_ok());
    }

    #[test]
    fn a_passing_run_has_no_reports() {
        let mut collector = Collector::default();
        "running 1 test\ntest a ... ok\n\ntest result: ok."
            .lines()
            .for_each(|l| collector.line(l));
        assert!(collector.finish().is_empty());
    }
}
