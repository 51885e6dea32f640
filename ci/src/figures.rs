//! Benchmark figures shown in the book, produced by running the benchmarks.
//!
//! A listing crate declares its figures in `figures.toml`:
//!
//! ```toml
//! [[figure]]
//! file = "figures/dispatch.md"   # the table the chapter includes
//! bench = "dispatch"             # the criterion bench target
//! group = "dispatch"             # the criterion group
//! baseline = "static"            # ratios are relative to this function
//! tolerance = 0.5                # allowed drift of a ratio, as a share
//!
//! [[figure]]                     # or: a program that prints the whole table
//! file = "figures/bench.md"
//! command = ["cargo", "run", "--release", "-p", "outbox-bridge", "--bin", "bench", "--", "--figures"]
//! tolerance = 0.35
//! runs = 3                       # bless from the median of three runs
//! remeasure = ["--only"]         # + a name: the command measures that row alone
//! ```
//!
//! A command figure prints Markdown whose first line is
//! `<!-- figures: name=ratio … -->`, and one table row per name that starts
//! with `| name |`; those ratios are what `--check` compares.
//!
//! Benchmarks against real servers on a small shared machine are noisy: a
//! single run can land a third away from the typical value. So a command
//! figure is blessed from the median of `runs` runs (each row is the row of
//! the run whose ratio is the median, so a row stays one consistent
//! measurement), and when `--check` finds a ratio out of bounds it measures
//! that row twice more and judges the median of the three. A real change
//! moves all three; one noisy run no longer fails the build.
//!
//! `--bless` runs the benchmark and writes the table; `--check` runs it
//! again and fails when a ratio moved by more than the tolerance or the
//! order of the functions changed. Absolute times vary too much between
//! machines and runs to be checked; ratios measured in one run do not.

use crate::project::{Project, cargo};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// One declared figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub package: String,
    pub crate_dir: PathBuf,
    pub file: PathBuf,
    pub bench: String,
    pub group: String,
    pub baseline: String,
    pub tolerance: f64,
    /// A program that prints the table itself (instead of a criterion bench).
    pub command: Vec<String>,
    /// How many runs of `command` a bless takes the median of.
    pub runs: usize,
    /// Arguments that, followed by a name, make `command` measure one row.
    pub remeasure: Vec<String>,
}

/// A measured function: its median time and its ratio to the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub function: String,
    pub median_ns: f64,
    pub ratio: f64,
}

/// Every figure declared by the listing crates.
pub fn discover(project: &Project) -> Result<Vec<Figure>> {
    let mut figures = Vec::new();
    for krate in project.listing_crates()? {
        let manifest = krate.dir.join("figures.toml");
        let Ok(text) = fs::read_to_string(&manifest) else {
            continue;
        };
        let parsed: toml::Table = text
            .parse()
            .with_context(|| format!("parsing {}", manifest.display()))?;
        let entries = parsed
            .get("figure")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        for entry in entries {
            let field = |name: &str| {
                entry
                    .get(name)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .with_context(|| {
                        format!("{}: a [[figure]] has no `{name}`", manifest.display())
                    })
            };
            let strings = |name: &str| -> Vec<String> {
                entry
                    .get(name)
                    .and_then(|c| c.as_array())
                    .map(|args| {
                        args.iter()
                            .filter_map(|a| a.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let command = strings("command");
            let criterion_field = |name: &str| {
                if command.is_empty() {
                    field(name)
                } else {
                    Ok(String::new())
                }
            };
            figures.push(Figure {
                package: krate.package.clone(),
                crate_dir: krate.dir.clone(),
                file: krate.dir.join(field("file")?),
                bench: criterion_field("bench")?,
                group: criterion_field("group")?,
                baseline: criterion_field("baseline")?,
                tolerance: entry
                    .get("tolerance")
                    .and_then(|v| v.as_float())
                    .unwrap_or(0.5),
                runs: entry
                    .get("runs")
                    .and_then(|v| v.as_integer())
                    .map_or(1, |n| n.max(1) as usize),
                remeasure: strings("remeasure"),
                command,
            });
        }
    }
    Ok(figures)
}

/// Runs a figure's benchmark and reads criterion's medians.
pub fn measure(project: &Project, figure: &Figure) -> Result<Vec<Measurement>> {
    let status = cargo()
        .current_dir(&project.root)
        .args([
            "bench",
            "--quiet",
            "-p",
            &figure.package,
            "--bench",
            &figure.bench,
            "--",
        ])
        .args(["--warm-up-time", "1", "--measurement-time", "3", "--noplot"])
        .stdin(Stdio::null())
        .status()
        .context("running cargo bench")?;
    if !status.success() {
        bail!(
            "cargo bench -p {} --bench {} failed ({status})",
            figure.package,
            figure.bench
        );
    }
    let group_dir = criterion_dir(project)?.join(&figure.group);
    let mut measurements = Vec::new();
    let mut functions: Vec<PathBuf> = fs::read_dir(&group_dir)
        .with_context(|| format!("criterion wrote nothing to {}", group_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("new/estimates.json").is_file())
        .collect();
    functions.sort();
    for dir in functions {
        let estimates: Value =
            serde_json::from_str(&fs::read_to_string(dir.join("new/estimates.json"))?)?;
        let median = estimates["median"]["point_estimate"]
            .as_f64()
            .with_context(|| format!("no median in {}", dir.display()))?;
        let function = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        measurements.push(Measurement {
            function,
            median_ns: median,
            ratio: 0.0,
        });
    }
    with_ratios(measurements, &figure.baseline)
}

fn criterion_dir(project: &Project) -> Result<PathBuf> {
    Ok(project.target_dir().join("criterion"))
}

/// Fills in each measurement's ratio to the baseline function.
pub fn with_ratios(mut measurements: Vec<Measurement>, baseline: &str) -> Result<Vec<Measurement>> {
    let base = measurements
        .iter()
        .find(|m| m.function == baseline)
        .map(|m| m.median_ns)
        .with_context(|| format!("the benchmark has no function called `{baseline}`"))?;
    for m in &mut measurements {
        m.ratio = m.median_ns / base;
    }
    measurements.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
    Ok(measurements)
}

/// The Markdown a chapter includes. The first line keeps the ratios in a
/// form `--check` can read back.
pub fn render(figure: &Figure, measurements: &[Measurement]) -> String {
    let data: Vec<String> = measurements
        .iter()
        .map(|m| format!("{}={:.3}", m.function, m.ratio))
        .collect();
    let mut out = format!("<!-- figures: {} -->\n", data.join(" "));
    out.push_str(&format!(
        "| Benchmark (`{}`) | Median time per iteration | Relative to `{}` |\n|---|---:|---:|\n",
        figure.group, figure.baseline
    ));
    for m in measurements {
        out.push_str(&format!(
            "| `{}` | {} | {:.2}× |\n",
            m.function,
            human_time(m.median_ns),
            m.ratio
        ));
    }
    out.push_str(&format!(
        "\n<p class=\"figure-note\">Measured by <code>cargo course figures --bless</code> with \
         <code>cargo bench -p {} --bench {}</code> on the machine that built this book. Times vary \
         between machines and runs; the ratios are what the course checks.</p>\n",
        figure.package, figure.bench
    ));
    out
}

/// Reads the ratios back from a rendered figure.
pub fn recorded_ratios(text: &str) -> Vec<(String, f64)> {
    let Some(line) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("<!-- figures: "))
    else {
        return Vec::new();
    };
    line.trim_end_matches("-->")
        .split_whitespace()
        .filter_map(|pair| {
            let (name, ratio) = pair.split_once('=')?;
            Some((name.to_owned(), ratio.parse().ok()?))
        })
        .collect()
}

/// Compares a new measurement with the recorded one; returns what drifted.
pub fn drift(figure: &Figure, recorded: &[(String, f64)], now: &[Measurement]) -> Vec<String> {
    let mut problems = Vec::new();
    let recorded_order: Vec<&str> = recorded.iter().map(|(n, _)| n.as_str()).collect();
    let now_order: Vec<&str> = now.iter().map(|m| m.function.as_str()).collect();
    if figure.command.is_empty() && recorded_order != now_order {
        problems.push(format!(
            "the order from fastest to slowest changed: the book shows {recorded_order:?}, now {now_order:?}"
        ));
    }
    for (name, old) in recorded {
        match now.iter().find(|m| &m.function == name) {
            None => problems.push(format!("`{name}` is no longer measured")),
            Some(m) if drifted(figure, *old, m.ratio) => problems.push(format!(
                "`{name}` is at {:.2}× now, the book shows {old:.2}× (tolerance ±{:.0}%)",
                m.ratio,
                figure.tolerance * 100.0
            )),
            Some(_) => {}
        }
    }
    problems
}

/// Whether `now` is further from `recorded` than the figure tolerates.
fn drifted(figure: &Figure, recorded: f64, now: f64) -> bool {
    (now / recorded - 1.0).abs() > figure.tolerance
}

fn human_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// The declared figures, or only those selected: a listing package's name
/// selects all its figures, `package/name` the one in `figures/name.md`
/// (blessing one figure need not re-run a package's slower benchmarks).
fn selected(project: &Project, packages: &[String]) -> Result<Vec<Figure>> {
    let figures = discover(project)?;
    for selector in packages {
        if !figures.iter().any(|f| selects(selector, f)) {
            bail!("no figure matches {selector} (a package name, or package/figure)");
        }
    }
    Ok(figures
        .into_iter()
        .filter(|f| packages.is_empty() || packages.iter().any(|s| selects(s, f)))
        .collect())
}

fn selects(selector: &str, figure: &Figure) -> bool {
    match selector.split_once('/') {
        Some((package, name)) => {
            figure.package == package && figure.file.file_stem().is_some_and(|stem| stem == name)
        }
        None => figure.package == selector,
    }
}

/// `--bless`: measure and rewrite every figure (of the named packages, if
/// any); returns the files written.
pub fn bless(project: &Project, packages: &[String]) -> Result<Vec<String>> {
    let mut written = Vec::new();
    for figure in selected(project, packages)? {
        let text = produce(project, &figure)?;
        if let Some(dir) = figure.file.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&figure.file, text)?;
        written.push(project.relative(&figure.file));
    }
    Ok(written)
}

/// The table a figure's file should hold, from fresh measurements.
fn produce(project: &Project, figure: &Figure) -> Result<String> {
    if figure.command.is_empty() {
        return Ok(render(figure, &measure(project, figure)?));
    }
    let mut runs = Vec::new();
    for run in 1..=figure.runs {
        if figure.runs > 1 {
            eprintln!("    run {run} of {}", figure.runs);
        }
        runs.push(run_command(project, figure, &[], Mode::Bless)?);
    }
    median_table(&runs)
}

/// Whether a command figure runs for `--bless` or for `--check`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Bless,
    Check,
}

/// Runs a command figure's program, with `extra` arguments, and returns the
/// Markdown it printed. A bless run gets `COURSE_BLESS=1`, so a program that
/// also writes a file beside its table (15.2's flamegraph) rewrites the
/// book's copy then, and leaves it alone when only checked.
fn run_command(project: &Project, figure: &Figure, extra: &[String], mode: Mode) -> Result<String> {
    let (program, args) = figure.command.split_first().context("an empty command")?;
    let shown = || [figure.command.as_slice(), extra].concat().join(" ");
    let mut command = Command::new(program);
    if mode == Mode::Bless {
        command.env("COURSE_BLESS", "1");
    }
    let output = command
        .args(args)
        .args(extra)
        .current_dir(&project.root)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", shown()))?;
    if !output.status.success() {
        bail!("{} failed ({})", shown(), output.status);
    }
    let text = String::from_utf8(output.stdout).context("the figure is not UTF-8")?;
    if recorded_ratios(&text).is_empty() {
        bail!("{} printed no `<!-- figures: … -->` line", shown());
    }
    Ok(text)
}

/// Combines several runs of a command figure into one table: each row is
/// the row of the run whose ratio for it is the median (the lower middle
/// one for an even count), so every row is still one run's measurement.
pub fn median_table(runs: &[String]) -> Result<String> {
    let first = runs.first().context("no runs to combine")?;
    let mut ratios = Vec::new();
    let mut rows = Vec::new();
    for (name, _) in recorded_ratios(first) {
        let mut candidates = runs
            .iter()
            .map(|run| {
                let ratio = ratio_named(run, &name)
                    .with_context(|| format!("a run printed no ratio for `{name}`"))?;
                let row = table_row(run, &name)
                    .with_context(|| format!("a run printed no table row for `{name}`"))?;
                Ok((ratio, row))
            })
            .collect::<Result<Vec<_>>>()?;
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ratio, row) = candidates[(candidates.len() - 1) / 2];
        ratios.push(format!("{name}={ratio:.3}"));
        rows.push((name, row));
    }
    let mut out = format!("<!-- figures: {} -->\n", ratios.join(" "));
    for line in first.lines().skip(1) {
        let line = rows
            .iter()
            .find(|(name, _)| table_row(line, name).is_some())
            .map_or(line, |(_, row)| row);
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

fn ratio_named(text: &str, name: &str) -> Option<f64> {
    recorded_ratios(text)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, ratio)| ratio)
}

/// The table row `| name | …` of a command figure's output.
fn table_row<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find(|line| {
        line.strip_prefix("| ")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with(" |"))
    })
}

/// `--check`: measure again and compare (the named packages' figures, if
/// any); returns (file, problem) pairs.
pub fn check(project: &Project, packages: &[String]) -> Result<Vec<(String, String)>> {
    let mut problems = Vec::new();
    for figure in selected(project, packages)? {
        let shown = project.relative(&figure.file);
        let Ok(text) = fs::read_to_string(&figure.file) else {
            problems.push((shown, "missing: run `cargo course figures --bless`".into()));
            continue;
        };
        let recorded = recorded_ratios(&text);
        if recorded.is_empty() {
            problems.push((
                shown,
                "has no recorded ratios: run `cargo course figures --bless`".into(),
            ));
            continue;
        }
        let mut now: Vec<Measurement> = if figure.command.is_empty() {
            measure(project, &figure)?
        } else {
            as_measurements(recorded_ratios(&run_command(
                project,
                &figure,
                &[],
                Mode::Check,
            )?))
        };
        if !figure.remeasure.is_empty() {
            remeasure_drifted(project, &figure, &recorded, &mut now)?;
        }
        for problem in drift(&figure, &recorded, &now) {
            problems.push((shown.clone(), problem));
        }
    }
    Ok(problems)
}

fn as_measurements(ratios: Vec<(String, f64)>) -> Vec<Measurement> {
    ratios
        .into_iter()
        .map(|(function, ratio)| Measurement {
            function,
            median_ns: 0.0,
            ratio,
        })
        .collect()
}

/// Measures each out-of-bounds ratio twice more, alone, and replaces it by
/// the median of its three measurements.
fn remeasure_drifted(
    project: &Project,
    figure: &Figure,
    recorded: &[(String, f64)],
    now: &mut [Measurement],
) -> Result<()> {
    for (name, old) in recorded {
        let Some(m) = now.iter_mut().find(|m| &m.function == name) else {
            continue;
        };
        if !drifted(figure, *old, m.ratio) {
            continue;
        }
        let mut ratios = vec![m.ratio];
        for _ in 0..2 {
            let extra = [figure.remeasure.as_slice(), std::slice::from_ref(name)].concat();
            let text = run_command(project, figure, &extra, Mode::Check)?;
            ratios.push(
                ratio_named(&text, name)
                    .with_context(|| format!("re-measuring `{name}` printed no ratio for it"))?,
            );
        }
        ratios.sort_by(f64::total_cmp);
        eprintln!(
            "    `{name}` was {:.2}× (the book shows {old:.2}×); three measurements, sorted: {:.2}×, {:.2}×, {:.2}×",
            m.ratio, ratios[0], ratios[1], ratios[2]
        );
        m.ratio = ratios[1];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure() -> Figure {
        Figure {
            package: "m04".into(),
            crate_dir: PathBuf::from("/x"),
            file: PathBuf::from("/x/figures/dispatch.md"),
            bench: "dispatch".into(),
            group: "dispatch".into(),
            baseline: "static".into(),
            tolerance: 0.5,
            command: Vec::new(),
            runs: 1,
            remeasure: Vec::new(),
        }
    }

    #[test]
    fn a_selector_names_a_package_or_one_of_its_figures() {
        let f = figure();
        assert!(selects("m04", &f));
        assert!(selects("m04/dispatch", &f));
        assert!(!selects("m04/other", &f));
        assert!(!selects("m05", &f));
        assert!(!selects("m05/dispatch", &f));
    }

    fn measured(pairs: &[(&str, f64)]) -> Vec<Measurement> {
        let ms = pairs
            .iter()
            .map(|(f, ns)| Measurement {
                function: (*f).into(),
                median_ns: *ns,
                ratio: 0.0,
            })
            .collect();
        with_ratios(ms, "static").expect("baseline present")
    }

    #[test]
    fn rendered_tables_keep_their_ratios_readable() {
        let text = render(
            &figure(),
            &measured(&[("dynamic", 3000.0), ("static", 1000.0)]),
        );
        assert!(text.contains("| `static` | 1.00 µs | 1.00× |"), "{text}");
        assert!(text.contains("| `dynamic` | 3.00 µs | 3.00× |"), "{text}");
        assert_eq!(
            recorded_ratios(&text),
            [("static".to_owned(), 1.0), ("dynamic".to_owned(), 3.0)]
        );
    }

    #[test]
    fn small_wobbles_pass_and_real_changes_fail() {
        let recorded = [("static".to_owned(), 1.0), ("dynamic".to_owned(), 3.0)];
        assert!(
            drift(
                &figure(),
                &recorded,
                &measured(&[("static", 1000.0), ("dynamic", 4000.0)])
            )
            .is_empty()
        );
        let problems = drift(
            &figure(),
            &recorded,
            &measured(&[("static", 1000.0), ("dynamic", 1200.0)]),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("1.20×"), "{problems:?}");
        let flipped = drift(
            &figure(),
            &recorded,
            &measured(&[("static", 1000.0), ("dynamic", 500.0)]),
        );
        assert!(flipped.iter().any(|p| p.contains("order")), "{flipped:?}");
    }

    #[test]
    fn a_missing_baseline_is_an_error() {
        let ms = vec![Measurement {
            function: "dynamic".into(),
            median_ns: 1.0,
            ratio: 0.0,
        }];
        assert!(with_ratios(ms, "static").is_err());
    }

    fn bench_run(classic: f64, quorum: f64, quorum_raw: u32) -> String {
        format!(
            "<!-- figures: classic={classic:.3} quorum={quorum:.3} -->\n\
             | Target | Raw | Ratio |\n|---|---:|---:|\n\
             | classic | 100 | {classic:.2}× |\n\
             | quorum | {quorum_raw} | {quorum:.2}× |\n\
             \nnote\n"
        )
    }

    #[test]
    fn a_blessed_command_figure_takes_each_row_from_its_median_run() {
        let runs = [
            bench_run(1.0, 0.88, 250),
            bench_run(0.9, 1.23, 220),
            bench_run(1.1, 1.0, 240),
        ];
        let table = median_table(&runs).expect("three well-formed runs");
        assert_eq!(
            recorded_ratios(&table),
            [("classic".to_owned(), 1.0), ("quorum".to_owned(), 1.0)]
        );
        // The quorum row is the third run's, whole: its own raw rate too.
        assert!(table.contains("| quorum | 240 | 1.00× |"), "{table}");
        assert!(table.contains("| classic | 100 | 1.00× |"), "{table}");
        assert!(table.ends_with("\nnote\n"), "{table}");
    }

    #[test]
    fn a_run_without_a_row_is_an_error_not_a_gap() {
        let broken = "<!-- figures: classic=1.000 quorum=0.900 -->\n| classic | 1 | 1.00× |\n";
        let err = median_table(&[bench_run(1.0, 0.9, 1), broken.to_owned()])
            .expect_err("the second run has no quorum row");
        assert!(err.to_string().contains("quorum"), "{err}");
    }
}
