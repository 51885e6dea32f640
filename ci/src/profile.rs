//! `cargo course profile`: a CPU profile of the outbox bridge draining a
//! backlog, for lesson 15.2.
//!
//! What it runs is the bridge's own code path, the drain that lesson 14.5
//! measures: the bench binary fills a SQLite outbox (`--prefill`), then its
//! drain mode relays every message into NATS JetStream on localhost with the
//! real `Relay` and `NatsPublisher` (`--drain nats-jetstream`). Only that
//! second process is recorded:
//!
//! 1. build `bench` with the `profiling` profile (release code with line
//!    tables, root `Cargo.toml`) and frame pointers, in Rust
//!    (`-C force-frame-pointers=yes`) and in the bundled SQLite's C
//!    (`-fno-omit-frame-pointer`), so `perf` can walk every stack cheaply;
//! 2. `perf record -F 999 -g` the drain, then `perf script`;
//! 3. fold the stacks and draw the flamegraph with inferno, used as a
//!    library (the same code as `inferno-collapse-perf | inferno-flamegraph`);
//! 4. sort every sample into one group (kernel, allocator, SQLite, serde,
//!    NATS client, relay, tokio) and print the shares as the table the book
//!    includes, ratios on its first line (see `figures.rs`);
//! 5. drain a second copy under `perf stat` and add what it counted.
//!
//! The folded stacks (one `thread;outer;…;leaf count` line per distinct
//! stack) are kept in `<target>/profile/drain.folded`.
//!
//! The SVG goes to the book (`src/15-performance/drain_flamegraph.svg`)
//! when `cargo course figures --bless` runs this (it sets `COURSE_BLESS`),
//! or wherever `--svg` says; otherwise to `<target>/profile/`, so a
//! `--check` leaves the book's file alone.

use crate::project::{Project, cargo};
use anyhow::{Context, Result, bail};
use inferno::collapse::Collapse;
use inferno::collapse::perf::{Folder, Options as FoldOptions};
use inferno::flamegraph::{self, color::MultiPalette, color::Palette};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Where `--bless` puts the flamegraph: inside `src/`, so mdBook copies it.
pub const BOOK_SVG: &str = "src/15-performance/drain_flamegraph.svg";

/// The broker the drain publishes to (a label of the bench's targets).
const TARGET: &str = "nats-jetstream";

/// Samples per second and thread: not a round number, so sampling does not
/// run in lockstep with the runtime's own timers.
const FREQUENCY: u32 = 999;

/// Frames narrower than this share of the samples (in percent) are left out
/// of the SVG: they are unreadable anyway, and they would make it several times larger.
const MIN_WIDTH: f64 = 0.25;

/// What one run measures.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Messages pre-filled and drained.
    pub messages: usize,
    /// Where to write the flamegraph (`None`: see the module doc).
    pub svg: Option<PathBuf>,
}

// ANCHOR: groups
/// The groups a sample is sorted into, in the order they are tried.
pub const GROUPS: [(&str, &str); 7] = [
    (
        "kernel",
        "the sample was in the kernel: system calls (socket and file I/O, futex wake-ups), page faults, the scheduler",
    ),
    (
        "alloc",
        "the sample was in the C allocator (`malloc`, `free` and their helpers)",
    ),
    (
        "sqlite",
        "SQLite's C code, on the thread sqlx runs each SQLite connection on",
    ),
    (
        "serde",
        "a `serde` frame is on the stack: JSON, mostly JetStream's acks being parsed",
    ),
    (
        "nats",
        "an `async_nats` frame is on the stack: the client writing messages and reading acks",
    ),
    (
        "relay",
        "an `outbox_*` frame is on the stack: the relay, the store's async side, building messages and headers",
    ),
    (
        "tokio",
        "everything else on the runtime's threads: scheduling, timers, wakers",
    ),
];

/// Sorts one folded stack (`thread;outer;…;leaf`) into a group of [`GROUPS`].
pub fn group(stack: &str) -> &'static str {
    let mut frames = stack.split(';');
    let thread = frames.next().unwrap_or_default();
    let leaf = stack.rsplit(';').next().unwrap_or_default();
    if leaf.ends_with("_[k]") {
        "kernel"
    } else if is_allocator(leaf) {
        "alloc"
    } else if thread.starts_with("sqlx-sqlite") {
        "sqlite"
    } else if frames.clone().any(|f| f.contains("serde")) {
        "serde"
    } else if frames.clone().any(|f| f.contains("async_nats")) {
        "nats"
    } else if frames.any(|f| f.contains("outbox_")) {
        "relay"
    } else {
        "tokio"
    }
}

/// glibc's allocator: the entry points and the internals they call.
fn is_allocator(frame: &str) -> bool {
    const NAMES: [&str; 9] = [
        "malloc",
        "free",
        "cfree",
        "calloc",
        "realloc",
        "_int_",
        "unlink_chunk",
        "tcache",
        "sysmalloc",
    ];
    // `__libc_malloc`, or `__GI___libc_malloc` as debug info names it.
    let name = frame
        .trim_start_matches("__GI___libc_")
        .trim_start_matches("__libc_");
    NAMES.iter().any(|n| name.starts_with(n)) && !frame.contains("::")
}
// ANCHOR_END: groups

/// Each group's share of the samples in folded stacks (`stack count` lines).
pub fn shares(folded: &str) -> Vec<(&'static str, f64)> {
    let mut counts = [0u64; GROUPS.len()];
    for line in folded.lines() {
        let Some((stack, count)) = line.rsplit_once(' ') else {
            continue;
        };
        let Ok(count) = count.parse::<u64>() else {
            continue;
        };
        let name = group(stack);
        if let Some(i) = GROUPS.iter().position(|(g, _)| *g == name) {
            counts[i] += count;
        }
    }
    let total: u64 = counts.iter().sum();
    GROUPS
        .iter()
        .zip(counts)
        .map(|((name, _), n)| (*name, n as f64 / total.max(1) as f64))
        .collect()
}

/// Profiles a drain and returns the Markdown table the book includes.
pub fn run(project: &Project, settings: &Settings) -> Result<String> {
    check_perf()?;
    let bench = build(project)?;
    let work = tempfile::tempdir().context("a temporary directory for the profile")?;
    let template = work.path().join("template.db");
    let started = Instant::now();
    run_quietly(
        Command::new(&bench)
            .arg("--prefill")
            .arg(&template)
            .args(["--messages", &settings.messages.to_string()]),
        "filling the outbox",
    )?;
    eprintln!(
        "    profile: filled an outbox with {} messages in {:.1?}",
        settings.messages,
        started.elapsed()
    );

    let data = work.path().join("perf.data");
    let drain = drain_copy(&template, work.path(), "profiled")?;
    let mut record = Command::new("perf");
    record
        .args(["record", "-q", "-F", &FREQUENCY.to_string(), "-g", "-o"])
        .arg(&data)
        .arg("--");
    let profiled = self::drain(&mut record, &bench, &drain, settings.messages)?;
    let script = Command::new("perf")
        .args([
            "script",
            "-F",
            "comm,pid,tid,time,event,ip,sym,dso,trace",
            "-i",
        ])
        .arg(&data)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .context("running perf script")?;
    if !script.status.success() {
        bail!("perf script failed ({})", script.status);
    }
    let folded = fold(&script.stdout)?;
    let samples: u64 = folded
        .lines()
        .filter_map(|l| l.rsplit_once(' ')?.1.parse::<u64>().ok())
        .sum();
    let svg = svg_path(project, settings);
    write_svg(&folded, settings.messages, &svg)?;
    // The folded stacks too, for your own questions (Try it in 15.2).
    let stacks = project.target_dir().join("profile/drain.folded");
    fs::create_dir_all(project.target_dir().join("profile"))?;
    fs::write(&stacks, &folded).with_context(|| format!("writing {}", stacks.display()))?;
    eprintln!(
        "    profile: {samples} samples; flamegraph in {}, folded stacks in {}",
        project.relative(&svg),
        project.relative(&stacks)
    );

    let stat_file = work.path().join("stat.csv");
    let drain = drain_copy(&template, work.path(), "counted")?;
    let mut stat = Command::new("perf");
    stat.args(["stat", "-x", ",", "-e", STAT_EVENTS, "-o"])
        .arg(&stat_file)
        .arg("--");
    let counted = self::drain(&mut stat, &bench, &drain, settings.messages)?;
    let counters =
        parse_stat(&fs::read_to_string(&stat_file).context("reading perf stat's counts")?);
    Ok(render(
        settings.messages,
        samples,
        &shares(&folded),
        &profiled,
        &counted,
        &counters,
    ))
}

fn check_perf() -> Result<()> {
    let ok = Command::new("perf")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!("`perf` is not installed (Debian: apt-get install linux-perf)");
    }
    Ok(())
}

/// Builds the bench binary for profiling and returns its path.
fn build(project: &Project) -> Result<PathBuf> {
    eprintln!("    profile: building the bench binary (profile `profiling`, frame pointers)");
    let mut build = cargo();
    // `cargo course` runs under `cargo run`, which sets the ci crate's own
    // CARGO_MANIFEST_DIR, CARGO_PKG_*…: ring's build script watches
    // CARGO_MANIFEST_DIR, so passing them on would rebuild half the bridge
    // each time this and a plain `cargo build` take turns.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_MANIFEST_")
            || name.starts_with("CARGO_PKG_")
            || matches!(
                &*name,
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            )
        {
            build.env_remove(&*name);
        }
    }
    let status = build
        .current_dir(&project.root)
        .args([
            "build",
            "--quiet",
            "--profile",
            "profiling",
            "-p",
            "outbox-bridge",
            "--bin",
            "bench",
        ])
        // Frame pointers in Rust code and in the C that the cc crate builds
        // (the bundled SQLite): `perf record -g` walks stacks by them.
        .env("RUSTFLAGS", "-C force-frame-pointers=yes")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CFLAGS", "-fno-omit-frame-pointer")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("building the bench binary failed ({status})");
    }
    Ok(project.target_dir().join("profiling/bench"))
}

fn run_quietly(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// A fresh copy of the pre-filled outbox for one drain.
fn drain_copy(template: &Path, dir: &Path, name: &str) -> Result<PathBuf> {
    let file = dir.join(format!("{name}.db"));
    fs::copy(template, &file).context("copying the pre-filled outbox")?;
    Ok(file)
}

/// What one drain reported about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Drained {
    /// Messages per second, as the drain measured it.
    pub rate: f64,
    /// Wall-clock seconds of the whole drain process.
    pub seconds: f64,
}

/// Runs the bench's drain under `wrapper` (`perf record …--` or `perf stat …--`).
fn drain(wrapper: &mut Command, bench: &Path, file: &Path, messages: usize) -> Result<Drained> {
    let started = Instant::now();
    let output = wrapper
        .arg(bench)
        .args(["--drain", TARGET])
        .arg(file)
        .args(["--messages", &messages.to_string()])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("running perf")?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!(
            "the drain under perf failed ({}); is NATS with JetStream on 127.0.0.1:4222, and may this user run perf (kernel.perf_event_paranoid)?",
            output.status
        );
    }
    // The drain prints `rate rss cpu`.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rate = stdout
        .split_whitespace()
        .next()
        .and_then(|r| r.parse().ok())
        .with_context(|| format!("unexpected output from the drain: {stdout:?}"))?;
    Ok(Drained { rate, seconds })
}

/// Folds `perf script` output into `stack count` lines, kernel frames
/// marked `_[k]` (inferno-collapse-perf --kernel).
fn fold(script: &[u8]) -> Result<String> {
    let mut options = FoldOptions::default();
    options.annotate_kernel = true;
    options.nthreads = 1;
    let mut folded = Vec::new();
    Folder::from(options)
        .collapse(script, &mut folded)
        .context("folding perf script's stacks")?;
    String::from_utf8(folded).context("folded stacks are not UTF-8")
}

fn svg_path(project: &Project, settings: &Settings) -> PathBuf {
    match &settings.svg {
        Some(path) => path.clone(),
        None if std::env::var_os("COURSE_BLESS").is_some() => project.root.join(BOOK_SVG),
        None => project.target_dir().join("profile/drain_flamegraph.svg"),
    }
}

fn write_svg(folded: &str, messages: usize, path: &Path) -> Result<()> {
    let mut options = flamegraph::Options::default();
    options.title = format!("The outbox bridge draining {messages} messages into NATS JetStream");
    options.subtitle = Some(format!(
        "perf record -F {FREQUENCY} -g (frame pointers); width = share of CPU samples; click to zoom"
    ));
    options.colors = Palette::Multi(MultiPalette::Rust);
    // Colours from the function's name, so a new profile keeps them.
    options.hash = true;
    options.min_width = MIN_WIDTH;
    options.count_name = "samples".into();
    let mut lines: Vec<&str> = folded.lines().collect();
    lines.sort_unstable();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut svg = Vec::new();
    flamegraph::from_lines(&mut options, lines, &mut svg).context("drawing the flamegraph")?;
    fs::write(path, svg).with_context(|| format!("writing {}", path.display()))
}

/// The counters `perf stat` is asked for. On a virtual machine without
/// hardware counters, `cycles` and `instructions` read `<not supported>`.
const STAT_EVENTS: &str =
    "task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions";

/// One counter of `perf stat -x,`: its name and value (`None`: not counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    pub event: String,
    pub value: Option<f64>,
    pub unit: String,
}

/// Reads `perf stat -x,` output: `value,unit,event,…` per line.
pub fn parse_stat(text: &str) -> Vec<Counter> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split(',');
            let value = fields.next()?;
            let unit = fields.next()?.to_owned();
            let event = fields.next()?.trim().to_owned();
            (!event.is_empty()).then(|| Counter {
                event: event.split(':').next().unwrap_or_default().to_owned(),
                value: value.trim().parse().ok(),
                unit,
            })
        })
        .collect()
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The Markdown the book includes: the shares (checked) and perf stat's
/// counts (shown, not checked: they move with the machine).
pub fn render(
    messages: usize,
    samples: u64,
    shares: &[(&'static str, f64)],
    profiled: &Drained,
    counted: &Drained,
    counters: &[Counter],
) -> String {
    let ratios: Vec<String> = shares
        .iter()
        .map(|(name, share)| format!("{name}={share:.3}"))
        .collect();
    let mut out = format!("<!-- figures: {} -->\n", ratios.join(" "));
    out.push_str(
        "| Group | Share of CPU samples | The sample is counted here when |\n|---|---:|---|\n",
    );
    for (name, share) in shares {
        let what = GROUPS
            .iter()
            .find(|(g, _)| g == name)
            .map_or("", |(_, what)| what);
        let _ = writeln!(out, "| {name} | {} | {what} |", percent(*share));
    }
    let _ = write!(
        out,
        "\n<p class=\"figure-note\">{samples} samples at {FREQUENCY} Hz of the bench binary draining {messages} \
         messages from a SQLite outbox into NATS JetStream ({:.0} msg/s while profiled), built with \
         <code>--profile profiling</code> and frame pointers; each sample goes to the first group whose rule \
         matches, in the order of the table. Made by <code>cargo course profile</code> \
         (through <code>cargo course figures --bless</code>) on the machine that built this book; the shares are \
         what the course checks.</p>\n\n",
        profiled.rate
    );
    out.push_str("| `perf stat` counter | Count | Per message |\n|---|---:|---:|\n");
    for counter in counters {
        let (count, per_message) = match counter.value {
            Some(v) if counter.event == "task-clock" => (
                format!("{:.0} ms", v),
                format!("{:.1} µs", v * 1000.0 / messages as f64),
            ),
            Some(v) => (format!("{v:.0}"), format!("{:.3}", v / messages as f64)),
            None => ("not supported here".into(), "".into()),
        };
        let _ = writeln!(out, "| `{}` | {count} | {per_message} |", counter.event);
    }
    let cpus = counters
        .iter()
        .find(|c| c.event == "task-clock")
        .and_then(|c| c.value)
        .map(|ms| ms / 1000.0 / counted.seconds);
    let _ = write!(
        out,
        "\n<p class=\"figure-note\">A second drain of the same outbox, not profiled, under \
         <code>perf stat -e {STAT_EVENTS}</code>: {:.0} msg/s{}.</p>\n",
        counted.rate,
        cpus.map_or(String::new(), |c| format!(
            ", {c:.2} CPUs busy on average over its {:.1} s",
            counted.seconds
        )),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_goes_to_the_first_group_that_matches() {
        let cases = [
            (
                "tokio-rt-worker;a::b;do_syscall_64_[k];tcp_sendmsg_[k]",
                "kernel",
            ),
            ("sqlx-sqlite-wor;sqlite3_step;pread64_[k]", "kernel"),
            ("tokio-rt-worker;[unknown];_int_malloc", "alloc"),
            (
                "tokio-rt-worker;bytes::Bytes::copy_from_slice;__GI___libc_malloc",
                "alloc",
            ),
            ("sqlx-sqlite-wor;sqlite3_step;cfree@GLIBC_2.2.5", "alloc"),
            ("sqlx-sqlite-wor;sqlite3_step;sqlite3VdbeExec", "sqlite"),
            (
                "tokio-rt-worker;async_nats::x;serde_json::de::from_trait",
                "serde",
            ),
            (
                "tokio-rt-worker;async_nats::header::HeaderMap::to_bytes",
                "nats",
            ),
            (
                "tokio-rt-worker;outbox_relay::relay::Relay<S,P>::run;core::fmt::write",
                "relay",
            ),
            ("tokio-rt-worker;tokio::runtime::park", "tokio"),
            // A Rust function whose name starts like an allocator's is not one.
            ("tokio-rt-worker;outbox_relay::x;free::list::push", "relay"),
        ];
        for (stack, expected) in cases {
            assert_eq!(group(stack), expected, "{stack}");
        }
    }

    #[test]
    fn shares_add_up_to_one_in_the_order_of_the_groups() {
        let folded = "sqlx-sqlite-wor;sqlite3VdbeExec 3\ntokio-rt-worker;tokio::park 1\n";
        let shares = shares(folded);
        let names: Vec<&str> = shares.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, GROUPS.map(|(n, _)| n));
        assert_eq!(shares[2], ("sqlite", 0.75));
        assert_eq!(shares[6], ("tokio", 0.25));
        assert!((shares.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn perf_stat_csv_is_read_with_unsupported_counters_as_none() {
        let text = "\n# started on x\n\n4312.25,msec,task-clock,4312250000,100.00,0.690,CPUs utilized\n\
                    52310,,context-switches,4312250000,100.00,12.130,K/sec\n\
                    <not supported>,,cycles,0,100.00,,\n";
        let counters = parse_stat(text);
        assert_eq!(counters.len(), 3);
        assert_eq!(counters[0].event, "task-clock");
        assert_eq!(counters[0].value, Some(4312.25));
        assert_eq!(counters[1].value, Some(52310.0));
        assert_eq!(counters[2].event, "cycles");
        assert_eq!(counters[2].value, None);
    }

    #[test]
    fn the_table_carries_its_shares_on_the_first_line() {
        let shares = shares("sqlx-sqlite-wor;sqlite3VdbeExec 1\ntokio-rt-worker;x_[k] 1\n");
        let drained = Drained {
            rate: 1000.0,
            seconds: 2.0,
        };
        let text = render(2000, 2, &shares, &drained, &drained, &[]);
        let recorded = crate::figures::recorded_ratios(&text);
        assert_eq!(recorded.len(), GROUPS.len());
        assert_eq!(recorded[0], ("kernel".to_owned(), 0.5));
        assert!(text.contains("\n| sqlite | 50.0% |"), "{text}");
    }
}
