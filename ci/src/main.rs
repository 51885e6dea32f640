//! `cargo course`: the course's tooling. See `ci/src/lib.rs` and README.md.

use anyhow::{Context, Result, bail};
use ci::project::Project;
use ci::steps::{Step, run_steps};
use ci::{ffi, figures, lint, miri, outputs, preprocess, profile, tools};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

#[derive(Debug, Parser)]
#[command(
    name = "cargo course",
    about = "Rust Mastery's course tooling",
    version
)]
struct Cli {
    /// The course repository (found from the current directory by default).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Install the pinned mdBook tools if needed, then serve the book with live reload.
    Serve(ServeArgs),
    /// Run every check of the course (or only the named steps) and report.
    Test {
        /// Steps to run: tools, format, lint, clippy, tests, outputs, ffi, miri, deploy, figures, book, browser, workflows (default: all).
        steps: Vec<String>,
    },
    /// Check, or regenerate, the program output the book shows.
    Outputs {
        /// Rewrite the output files from the listings.
        #[arg(long, conflicts_with = "check")]
        bless: bool,
        /// Fail if any output file differs from what its listing prints (the default).
        #[arg(long)]
        check: bool,
        /// Only these listing packages (repeatable).
        #[arg(short, long = "package")]
        packages: Vec<String>,
    },
    /// Check, or regenerate, the benchmark tables the book shows (runs the benchmarks).
    Figures {
        /// Rewrite the tables from a fresh benchmark run.
        #[arg(long, conflicts_with = "check")]
        bless: bool,
        /// Fail if a ratio drifted beyond its tolerance (the default).
        #[arg(long)]
        check: bool,
        /// Only the figures of these listing packages, or `package/figure`
        /// for one figure file (repeatable).
        #[arg(short, long = "package")]
        packages: Vec<String>,
    },
    /// Build Module 12's bindings and use them from C, Go, Python, Node and
    /// a local Worker (the `ffi` step), or print one of its benchmark tables.
    Ffi {
        /// Print a benchmark table instead: `python` (12.1), `go` (12.3), `wasm` (12.4's sizes) or `pipeline` (18.5).
        #[arg(long, value_parser = ["python", "go", "wasm", "pipeline"])]
        bench: Option<String>,
        /// With `--bench`: the figures check re-measuring one drifted row.
        /// The table is measured whole (its rows share one run) and the
        /// check reads that row's ratio from it.
        #[arg(long, requires = "bench")]
        row: Option<String>,
    },
    /// Run lesson 15.4's `unsafe` code under Miri on the nightly toolchain
    /// (the `miri` step): sound tests pass, broken ones report their UB.
    /// `COURSE_BLESS=1` rewrites the expected reports.
    Miri,
    /// Profile the bridge draining a SQLite outbox into NATS with perf, write
    /// the flamegraph and print lesson 15.2's table of where the CPU went.
    Profile {
        /// Messages to fill the outbox with and drain.
        #[arg(long, default_value_t = 200_000)]
        messages: usize,
        /// Where to write the SVG (default: the book's copy when `COURSE_BLESS`
        /// is set, as `figures --bless` does; else under the target directory).
        #[arg(long)]
        svg: Option<PathBuf>,
        /// A group whose share `figures --check` re-measures; the whole
        /// profile is taken again either way.
        #[arg(long, value_parser = profile::GROUPS.map(|(name, _)| name))]
        row: Option<String>,
    },
    /// Check the book's Markdown rules (fence attributes, includes, SUMMARY, playground crates).
    Lint,
    /// mdBook preprocessor protocol (run by mdBook, not by hand).
    Preprocess {
        /// `supports <renderer>`, asked by mdBook before each build.
        #[arg(num_args = 0..=2)]
        args: Vec<String>,
    },
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Do not open a browser.
    #[arg(long)]
    no_open: bool,
    /// Port to serve on.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    hostname: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let project = match &cli.root {
        Some(root) => Project::find(root)?,
        None => Project::find(&std::env::current_dir()?)?,
    };
    match cli.command {
        Cmd::Serve(args) => serve(&project, &args),
        Cmd::Test { steps } => {
            let steps = if steps.is_empty() {
                Step::ALL.to_vec()
            } else {
                steps
                    .iter()
                    .map(|name| {
                        Step::from_name(name).with_context(|| format!("no step called `{name}`"))
                    })
                    .collect::<Result<_>>()?
            };
            let outcomes = run_steps(&project, &steps);
            Ok(if outcomes.iter().all(|o| o.error.is_none()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Cmd::Outputs {
            bless: true,
            packages,
            ..
        } => {
            let changed = outputs::bless(&project, &packages)?;
            for file in &changed {
                println!("updated {file}");
            }
            println!("{} output file(s) updated", changed.len());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Outputs { packages, .. } => {
            let report = outputs::check(&project, &packages)?;
            for (file, why) in &report.drift {
                eprintln!("{file}: {why}");
            }
            if report.drift.is_empty() {
                println!("{} output files match their listings", report.checked);
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("run `cargo course outputs --bless` if the new output is intended");
                Ok(ExitCode::FAILURE)
            }
        }
        Cmd::Figures {
            bless: true,
            packages,
            ..
        } => {
            for file in figures::bless(&project, &packages)? {
                println!("wrote {file}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Figures { packages, .. } => {
            let problems = figures::check(&project, &packages)?;
            for (file, why) in &problems {
                eprintln!("{file}: {why}");
            }
            if problems.is_empty() {
                println!("every benchmark figure matches its recorded ratios");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "run `cargo course figures --bless` if the change is real, and revise the prose"
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Cmd::Ffi { bench, row: _ } => {
            match bench.as_deref() {
                Some("python") => ffi::python_bench(&project)?,
                Some("go") => ffi::go_bench(&project)?,
                Some("pipeline") => ffi::pipeline_bench(&project)?,
                Some(_) => ffi::wasm_sizes(&project)?,
                None => ffi::check(&project)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Miri => {
            miri::check(&project)?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Profile { messages, svg, .. } => {
            print!(
                "{}",
                profile::run(&project, &profile::Settings { messages, svg })?
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Lint => {
            let problems = lint::lint(&project)?;
            for problem in &problems {
                eprintln!("{problem}");
            }
            if problems.is_empty() {
                println!("the book follows its rules");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{} problem(s)", problems.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Cmd::Preprocess { args } => match args.as_slice() {
            // Captions and playground links are HTML; the link checker reads the same Markdown.
            [supports, renderer] if supports == "supports" => Ok(if renderer == "html" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }),
            [] => {
                preprocess::run(&mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
                Ok(ExitCode::SUCCESS)
            }
            other => bail!("unexpected preprocessor arguments {other:?}"),
        },
    }
}

fn serve(project: &Project, args: &ServeArgs) -> Result<ExitCode> {
    for tool in tools::BOOK_TOOLS {
        tool.ensure()?;
    }
    let mut command = Command::new(tools::MDBOOK.program());
    command.current_dir(&project.root).args([
        "serve",
        "--hostname",
        &args.hostname,
        "--port",
        &args.port.to_string(),
    ]);
    if !args.no_open {
        command.arg("--open");
    }
    println!(
        "serving the book at http://{}:{}/ (Ctrl-C to stop)",
        args.hostname, args.port
    );
    let status = command.status().context("starting mdbook serve")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
