//! The `deploy` step: Module 16's packaging, really built and run.
//!
//! - musl (16.1): the bridge built with `--profile dist --target
//!   x86_64-unknown-linux-musl`; lesson 16.1's ELF reader says it is static
//!   (and the ordinary glibc build is not); then the binary runs in a root
//!   directory holding nothing but itself, so no file of the system helps it.
//! - container (16.2): hadolint over `deploy/Dockerfile`; podman builds its
//!   runtime stage around that binary (`--build-arg BINARY_FROM=prebuilt`:
//!   the build stage's base image needs a registry this machine cannot
//!   reach, so that stage is linted, not built), then runs the image as the
//!   bridge against NATS, waits for its HEALTHCHECK to pass, and stops it
//!   with SIGTERM, which must end it with exit code 0.
//!
//! - release (16.4): in a clone of `HEAD`, `cargo release minor` for the
//!   bridge's four crates as a dry run (what it would bump, rewrite and
//!   tag), then `#[non_exhaustive]` added to `MessageState` and
//!   cargo-semver-checks against `HEAD`, which must call it a major change.
//!
//! What the book shows comes from here: `listings/m16-deploy/checked/*.txt`
//! (not `outputs/`, which belongs to the examples' own runs) are compared with what the step sees (`COURSE_BLESS=1` rewrites them; a
//! `size` line may move by a quarter before it counts as drift).

use crate::project::{Project, cargo, run_checked};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The target lesson 16.1 builds for.
pub const MUSL_TARGET: &str = "x86_64-unknown-linux-musl";
/// Set to rewrite the output files instead of comparing.
const BLESS_VARIABLE: &str = "COURSE_BLESS";
/// A `size …` line may move this much (as a fraction) without counting as drift.
const SIZE_TOLERANCE: f64 = 0.25;

/// Runs both parts; fails if either did, after trying both.
pub fn check(project: &Project) -> Result<()> {
    let deploy = Deploy::new(project);
    let musl = deploy.musl_binary();
    let mut failed = Vec::new();
    match &musl {
        Ok(binary) => {
            if let Err(e) = deploy.static_proof(binary) {
                eprintln!("    FAILED: the static binary (16.1): {e:#}");
                failed.push("static binary (16.1)");
            } else {
                eprintln!("    ok: the static binary (16.1)");
            }
        }
        Err(e) => {
            eprintln!("    FAILED: building for {MUSL_TARGET}: {e:#}");
            failed.push("musl build (16.1)");
        }
    }
    let container = deploy.lint_dockerfile().and_then(|()| match &musl {
        Ok(binary) => deploy.container(binary),
        Err(_) => bail!("no binary to package"),
    });
    match container {
        Ok(()) => eprintln!("    ok: the container image (16.2)"),
        Err(e) => {
            eprintln!("    FAILED: the container image (16.2): {e:#}");
            failed.push("container image (16.2)");
        }
    }
    match deploy.release() {
        Ok(()) => eprintln!("    ok: the release dry run and the semver check (16.4)"),
        Err(e) => {
            eprintln!("    FAILED: the release dry run and the semver check (16.4): {e:#}");
            failed.push("release (16.4)");
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        bail!("{} part(s) failed: {}", failed.len(), failed.join("; "))
    }
}

/// The crates a release of the bridge versions together (`release.toml`).
const RELEASED: [&str; 4] = [
    "outbox-core",
    "outbox-store",
    "outbox-relay",
    "outbox-bridge",
];

struct Deploy {
    root: PathBuf,
    target: PathBuf,
    outputs: PathBuf,
}

impl Deploy {
    fn new(project: &Project) -> Deploy {
        Deploy {
            root: project.root.clone(),
            target: project.target_dir(),
            outputs: project.root.join("listings/m16-deploy/checked"),
        }
    }

    /// `cargo build --profile dist --target x86_64-unknown-linux-musl`.
    fn musl_binary(&self) -> Result<PathBuf> {
        require("musl-gcc", "Debian's musl-tools (ring and SQLite are C)")?;
        run_checked(
            Command::new("rustup").args(["target", "add", MUSL_TARGET]),
            "adding the musl target",
        )?;
        run_checked(
            cargo().current_dir(&self.root).args([
                "build",
                "--locked",
                "--profile",
                "dist",
                "--target",
                MUSL_TARGET,
                "-p",
                "outbox-bridge",
                "--bin",
                "outbox-bridge",
            ]),
            "building the bridge for musl",
        )?;
        Ok(self.target.join(MUSL_TARGET).join("dist/outbox-bridge"))
    }

    /// The ELF reader on both builds, the size, then a run in an empty root.
    fn static_proof(&self, musl: &Path) -> Result<()> {
        run_checked(
            cargo().current_dir(&self.root).args([
                "build",
                "--locked",
                "-p",
                "outbox-bridge",
                "--bin",
                "outbox-bridge",
                "-p",
                "m16-deploy",
                "--example",
                "linkage",
            ]),
            "building the glibc bridge and the linkage example",
        )?;
        let debug = self.target.join("debug");
        let names = tempfile::tempdir()?;
        let gnu = names.path().join("outbox-bridge-gnu");
        let static_build = names.path().join("outbox-bridge-musl");
        std::os::unix::fs::symlink(debug.join("outbox-bridge"), &gnu)?;
        std::os::unix::fs::symlink(musl, &static_build)?;
        let linkage = debug.join("examples/linkage");
        let dynamic = output(Command::new(&linkage).arg("--require-static").arg(&gnu))?;
        if dynamic.status.success() {
            bail!("the linkage example calls the glibc build static");
        }
        let proved = output(
            Command::new(&linkage)
                .arg("--require-static")
                .arg(&static_build),
        )?;
        if !proved.status.success() {
            bail!(
                "the musl build is not static: {}",
                String::from_utf8_lossy(&proved.stdout)
            );
        }
        let size = fs::metadata(musl)?.len();
        let mut shown = String::from_utf8_lossy(&dynamic.stdout).into_owned();
        shown.push_str(&String::from_utf8_lossy(&proved.stdout));
        shown.push_str(&format!("size outbox-bridge-musl: {}\n", mebibytes(size)));
        compare_or_bless(&self.outputs.join("linkage.txt"), &shown)?;
        compare_or_bless(&self.outputs.join("empty_root.txt"), &empty_root_run(musl)?)
    }

    fn lint_dockerfile(&self) -> Result<()> {
        crate::tools::HADOLINT.ensure()?;
        run_checked(
            Command::new(crate::tools::HADOLINT.command)
                .current_dir(&self.root)
                .arg("deploy/Dockerfile"),
            "hadolint deploy/Dockerfile",
        )
    }

    /// Builds the runtime stage around `binary`, checks the image, runs it.
    fn container(&self, binary: &Path) -> Result<()> {
        require("podman", "Debian's podman (with runc)")?;
        let context = tempfile::tempdir()?;
        fs::copy(binary, context.path().join("outbox-bridge"))?;
        fs::copy(
            "/etc/ssl/certs/ca-certificates.crt",
            context.path().join("ca-certificates.crt"),
        )
        .context("copying the CA roots (Debian's ca-certificates)")?;
        fs::create_dir(context.path().join("data"))?;
        let image = format!("localhost/outbox-bridge:{}", bridge_version(&self.root)?);
        run_checked(
            podman()
                .args(["build", "--quiet", "--format", "docker", "--file"])
                .arg(self.root.join("deploy/Dockerfile"))
                .args(["--build-arg", "BINARY_FROM=prebuilt", "--tag", &image])
                .arg(context.path())
                .stdout(Stdio::null()),
            "podman build",
        )?;
        detect_runtime(&image)?;
        let facts = image_facts(&image)?;
        let data = tempfile::tempdir()?;
        // `:U` makes podman give the folder to the image's user (65532),
        // whether podman runs as root or rootless.
        let volume = format!("{}:/data:U", data.path().display());
        let mut shown = facts;
        shown.push_str(&run_container(&image, &volume)?);
        compare_or_bless(&self.outputs.join("container.txt"), &shown)?;
        let _ = podman().args(["rmi", "--force", &image]).output();
        Ok(())
    }
}

impl Deploy {
    /// `cargo release` and cargo-semver-checks in a clone of `HEAD` (both
    /// refuse a working tree with changes, and the semver check edits one).
    fn release(&self) -> Result<()> {
        crate::tools::CARGO_RELEASE.ensure()?;
        crate::tools::CARGO_SEMVER_CHECKS.ensure()?;
        // A fixed place under the target directory, cloned afresh each run:
        // the semver check's builds are keyed by the crate's path, so the
        // same path lets a warm run reuse them instead of rebuilding.
        let clone = self.target.join("deploy/release-clone");
        if clone.exists() {
            fs::remove_dir_all(&clone)
                .with_context(|| format!("removing the last clone at {}", clone.display()))?;
        }
        run_checked(
            Command::new("git")
                .args(["clone", "--quiet", "--no-hardlinks"])
                .arg(&self.root)
                .arg(&clone),
            "cloning HEAD for the release dry run",
        )?;
        let mut dry_run = cargo();
        dry_run.current_dir(&clone).args(["release", "minor"]);
        for package in RELEASED {
            dry_run.args(["-p", package]);
        }
        dry_run.env("CARGO_TERM_COLOR", "never");
        let (status, printed) = merged_output(dry_run)?;
        if !status.success() {
            bail!("cargo release (dry run) failed ({status}):\n{printed}");
        }
        let today = today(&clone)?;
        let shown = format!(
            "$ cargo release minor -p {}\n{}",
            RELEASED.join(" -p "),
            printed.replace(&today, "YYYY-MM-DD")
        );
        compare_or_bless(&self.outputs.join("release_dry_run.txt"), &shown)?;

        let state = clone.join("listings/outbox-core/src/state.rs");
        let text = fs::read_to_string(&state)?;
        let exhaustive = "#[derive(Debug, Clone, PartialEq, Eq)]\npub enum MessageState";
        if !text.contains(exhaustive) {
            bail!(
                "{} no longer declares MessageState as the semver demo expects",
                state.display()
            );
        }
        fs::write(
            &state,
            text.replacen(
                exhaustive,
                "#[derive(Debug, Clone, PartialEq, Eq)]\n#[non_exhaustive]\npub enum MessageState",
                1,
            ),
        )?;
        let mut check = cargo();
        check
            .current_dir(&clone)
            .args([
                "semver-checks",
                "-p",
                "outbox-core",
                "--baseline-rev",
                "HEAD",
            ])
            .env("CARGO_TARGET_DIR", self.target.join("semver-checks"))
            .env("CARGO_TERM_COLOR", "never");
        let (status, printed) = merged_output(check)?;
        if status.success() || !printed.contains("enum_marked_non_exhaustive") {
            bail!(
                "cargo semver-checks did not report #[non_exhaustive] as a major change:\n{printed}"
            );
        }
        let shown = format!(
            "$ cargo semver-checks -p outbox-core --baseline-rev HEAD\n{}",
            semver_report(&printed, &clone)
        );
        compare_or_bless(&self.outputs.join("semver_checks.txt"), &shown)
    }
}

/// The date `cargo release` writes into the changelog (the clone's clock).
fn today(dir: &Path) -> Result<String> {
    let out = output(Command::new("date").arg("+%Y-%m-%d").current_dir(dir))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// cargo-semver-checks' report without what changes run to run: its
/// timings (`[  12.490s]`) and the clone's path.
fn semver_report(printed: &str, clone: &Path) -> String {
    let clone = format!("{}/", clone.display());
    let mut shown = String::new();
    for line in printed.lines() {
        let line = line.replace(&clone, "");
        let line = match (line.find('['), line.find("s]")) {
            (Some(open), Some(close))
                if open < close && line[open + 1..close].trim().parse::<f64>().is_ok() =>
            {
                format!("{}[time]{}", &line[..open], &line[close + 2..])
            }
            _ => line,
        };
        shown.push_str(line.trim_end());
        shown.push('\n');
    }
    shown
}

/// The binary alone in a directory used as `/`: `--version`, an enqueue
/// into a SQLite outbox there, and its status.
fn empty_root_run(musl: &Path) -> Result<String> {
    // The bridge runs with an empty environment, so the path is resolved here.
    let chroot = require("chroot", "coreutils")?;
    let root = tempfile::tempdir()?;
    fs::copy(musl, root.path().join("outbox-bridge"))?;
    fs::create_dir(root.path().join("data"))?;
    let mut files: Vec<String> = Vec::new();
    for entry in walk(root.path())? {
        files.push(format!("/{}", entry.strip_prefix(root.path())?.display()));
    }
    files.sort();
    let mut shown = format!("the whole filesystem: {}\n", files.join(" "));
    let runs: [&[&str]; 3] = [
        &["--version"],
        &[
            "--database-url",
            "sqlite:/data/outbox.db",
            "enqueue",
            "--aggregate",
            "order-1",
            "--type",
            "OrderPlaced",
            "{\"total\":1999}",
        ],
        &["--database-url", "sqlite:/data/outbox.db", "status"],
    ];
    // chroot needs root; elsewhere (a CI runner) sudo gives it.
    let as_root = output(Command::new("id").arg("-u"))
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    for args in runs {
        let mut command = if as_root {
            Command::new(&chroot)
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("-n").arg(&chroot);
            sudo
        };
        let out = output(
            command
                .arg(root.path())
                .arg("/outbox-bridge")
                .args(args)
                .env_clear()
                .env("OUTBOX_LOG_LEVEL", "warn"),
        )?;
        if !out.status.success() {
            bail!(
                "`outbox-bridge {}` in an empty root failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        shown.push_str(&format!("$ outbox-bridge {}\n", shell_words(args)));
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            // The lag is the age of the oldest unsent message: a clock reading.
            let line = match line.strip_prefix("lag ") {
                Some(_) => "lag <seconds>s",
                None => line,
            };
            shown.push_str(line);
            shown.push('\n');
        }
    }
    Ok(shown)
}

/// What the image says about itself: user, entry point, health check, size.
fn image_facts(image: &str) -> Result<String> {
    let format = "user {{.Config.User}}\nentrypoint {{json .Config.Entrypoint}} cmd {{json .Config.Cmd}}\nhealthcheck {{json .Config.Healthcheck.Test}}\nexposed {{json .Config.ExposedPorts}}\nlayers {{len .RootFS.Layers}}\n";
    let out = output(podman().args(["image", "inspect", "--format", format, image]))?;
    if !out.status.success() {
        bail!(
            "podman image inspect: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let size = output(podman().args(["image", "inspect", "--format", "{{.Size}}", image]))?;
    let bytes: u64 = String::from_utf8_lossy(&size.stdout)
        .trim()
        .parse()
        .context("the image size")?;
    Ok(format!(
        "$ podman image inspect {}\n{}size image: {}\n",
        image.split(':').next().unwrap_or(image),
        String::from_utf8_lossy(&out.stdout),
        mebibytes(bytes)
    ))
}

/// Enqueues three messages with the image, runs it as the bridge until its
/// HEALTHCHECK passes and they are sent to NATS, then stops it.
fn run_container(image: &str, volume: &str) -> Result<String> {
    let nats = std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
    let stream = format!("DEPLOY_{}", std::process::id());
    let port = crate::ffi::free_port()?;
    let name = format!("outbox-bridge-deploy-{}", std::process::id());
    let mut shown = String::new();
    for n in 1..=3 {
        let out = output(
            podman()
                .args(["run", "--rm", "--network", "host", "--volume", volume])
                .args(limits())
                .args([
                    image,
                    "enqueue",
                    "--aggregate",
                    "order-1",
                    "--type",
                    "OrderPlaced",
                ])
                .arg(format!("{{\"n\":{n}}}")),
        )?;
        if !out.status.success() {
            bail!(
                "enqueue in the container: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    shown.push_str("$ podman run … enqueue (three times)\n");
    let _ = podman().args(["rm", "--force", &name]).output();
    // Its stderr is kept: podman says there that it found no systemd to time
    // the HEALTHCHECK (the step runs it by hand below); shown if the run fails.
    let started = output(
        podman()
            .args([
                "run",
                "--detach",
                "--name",
                &name,
                "--network",
                "host",
                "--volume",
                volume,
            ])
            .args(limits())
            .args(["--env", &format!("OUTBOX_METRICS_ADDR=127.0.0.1:{port}")])
            .args(["--env", &format!("OUTBOX_BROKER_URL={nats}")])
            .args(["--env", &format!("OUTBOX_STREAM={stream}")])
            .args([
                "--env",
                &format!("OUTBOX_SUBJECT_PREFIX={}", stream.to_lowercase()),
            ])
            .arg(image),
    )?;
    if !started.status.success() {
        bail!(
            "podman run --detach (the bridge): {}",
            String::from_utf8_lossy(&started.stderr)
        );
    }
    let outcome = watch_container(&name, image, volume);
    let logs = output(podman().args(["logs", &name]));
    let _ = podman().args(["rm", "--force", &name]).output();
    if let Err(e) = outcome {
        if let Ok(logs) = logs {
            eprintln!("{}", String::from_utf8_lossy(&logs.stderr));
        }
        return Err(e);
    }
    shown.push_str(&outcome?);
    Ok(shown)
}

fn watch_container(name: &str, image: &str, volume: &str) -> Result<String> {
    let mut shown = String::new();
    let started = Instant::now();
    loop {
        let health = output(podman().args(["healthcheck", "run", name]))?;
        if health.status.success() {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            bail!(
                "the image's HEALTHCHECK did not pass within 30 s: {}",
                String::from_utf8_lossy(&health.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    shown.push_str(&format!(
        "$ podman healthcheck run {}\nhealthy\n",
        "outbox-bridge"
    ));
    let status = loop {
        let out = output(
            podman()
                .args(["run", "--rm", "--network", "host", "--volume", volume])
                .args(limits())
                .args([image, "status"]),
        )?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if text.contains("sent 3") {
            break text;
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the bridge in the container did not send the three messages: {text}");
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    shown.push_str("$ podman run … status\n");
    for line in status.lines() {
        shown.push_str(if line.starts_with("lag ") {
            "lag none"
        } else {
            line
        });
        shown.push('\n');
    }
    let stopping = Instant::now();
    run_checked(
        podman()
            .args(["stop", "--time", "10", name])
            .stdout(Stdio::null()),
        "podman stop",
    )?;
    let took = stopping.elapsed();
    let code = output(podman().args(["inspect", "--format", "{{.State.ExitCode}}", name]))?;
    let code = String::from_utf8_lossy(&code.stdout).trim().to_owned();
    if code != "0" {
        bail!("the bridge exited {code} on SIGTERM, not 0");
    }
    if took >= Duration::from_secs(10) {
        bail!("podman stop took {took:?}: the bridge ignored SIGTERM until SIGKILL");
    }
    shown.push_str(&format!("$ podman stop outbox-bridge\nexit code {code}\n"));
    Ok(shown)
}

/// Whether podman needs this sandbox's settings, found by [`detect_runtime`].
static SANDBOXED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// podman, with the runtime settings [`detect_runtime`] found to work.
fn podman() -> Command {
    let mut command = Command::new("podman");
    if SANDBOXED.get() == Some(&true) {
        command.args(["--runtime", "runc", "--cgroup-manager", "cgroupfs"]);
    }
    command.stdin(Stdio::null());
    command
}

/// The limits `podman run` must be given where the defaults cannot be set.
fn limits() -> &'static [&'static str] {
    if SANDBOXED.get() == Some(&true) {
        &[
            "--ulimit",
            "nofile=1024:1024",
            "--ulimit",
            "nproc=1024:1024",
        ]
    } else {
        &[]
    }
}

/// Runs `image --version` with podman's defaults (what a workstation or a
/// CI runner needs), and if that fails, with the settings this machine
/// needs: it runs containers as root with cgroups v1 and v2 mounted side by
/// side and without CAP_SYS_RESOURCE, where runc with the cgroupfs manager
/// works and crun or systemd do not, and limits must not be raised.
fn detect_runtime(image: &str) -> Result<()> {
    let mut failures = String::new();
    for sandboxed in [false, true] {
        let mut command = Command::new("podman");
        if sandboxed {
            command.args(["--runtime", "runc", "--cgroup-manager", "cgroupfs"]);
            command.args([
                "run",
                "--rm",
                "--ulimit",
                "nofile=1024:1024",
                "--ulimit",
                "nproc=1024:1024",
            ]);
        } else {
            command.args(["run", "--rm"]);
        }
        let out = output(command.args([image, "--version"]))?;
        if out.status.success() {
            let _ = SANDBOXED.set(sandboxed);
            return Ok(());
        }
        failures.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    bail!("podman cannot run a container here:\n{failures}")
}

/// Runs `command` with stdout and stderr into one pipe, so what it printed
/// reads in the order a terminal would show it.
fn merged_output(mut command: Command) -> Result<(std::process::ExitStatus, String)> {
    use std::io::Read;
    let (mut reader, writer) = std::io::pipe().context("a pipe for the output")?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command
        .spawn()
        .with_context(|| format!("running {command:?}"))?;
    // The command holds the pipe's write end until dropped: without this,
    // the read below would never see the end of the output.
    drop(command);
    let mut printed = String::new();
    reader.read_to_string(&mut printed)?;
    Ok((child.wait()?, printed))
}

fn output(command: &mut Command) -> Result<Output> {
    command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {command:?}"))
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        out.push(path.clone());
        if path.is_dir() {
            out.extend(walk(&path)?);
        }
    }
    Ok(out)
}

fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_:/.".contains(c))
            {
                (*a).to_owned()
            } else {
                format!("'{a}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The version of the bridge's package (the image's tag).
fn bridge_version(root: &Path) -> Result<String> {
    let manifest = root.join("listings/outbox-bridge/Cargo.toml");
    let text = fs::read_to_string(&manifest)?;
    text.lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
        .with_context(|| format!("no version in {}", manifest.display()))
}

/// Where `command` is on `PATH`, or which package provides it.
fn require(command: &str, provided_by: &str) -> Result<PathBuf> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(command))
                .find(|path| path.is_file())
        })
        .with_context(|| {
            format!(
                "`{command}` is not installed; it comes with {provided_by} (.ci/run installs it)"
            )
        })
}

/// Compares what the step saw with the file the book includes (a `size`
/// line within [`SIZE_TOLERANCE`]), or rewrites it under `COURSE_BLESS`.
fn compare_or_bless(expected: &Path, seen: &str) -> Result<()> {
    if std::env::var_os(BLESS_VARIABLE).is_some() {
        return fs::write(expected, seen)
            .with_context(|| format!("writing {}", expected.display()));
    }
    let recorded = fs::read_to_string(expected).unwrap_or_default();
    if !same_but_sizes(&recorded, seen) {
        bail!(
            "{} differs from what the step saw:\n{seen}\nif that is intended, rerun with {BLESS_VARIABLE}=1",
            expected.display()
        );
    }
    Ok(())
}

fn same_but_sizes(recorded: &str, seen: &str) -> bool {
    let (recorded, seen): (Vec<&str>, Vec<&str>) =
        (recorded.lines().collect(), seen.lines().collect());
    recorded.len() == seen.len()
        && recorded.iter().zip(&seen).all(|(a, b)| {
            a == b
                || match (size_of(a), size_of(b)) {
                    (Some((label_a, a)), Some((label_b, b))) => {
                        label_a == label_b && (a - b).abs() <= SIZE_TOLERANCE * a
                    }
                    _ => false,
                }
        })
}

/// `size image: 13.4 MiB` → ("image", 13.4).
fn size_of(line: &str) -> Option<(&str, f64)> {
    let rest = line.strip_prefix("size ")?;
    let (label, value) = rest.split_once(": ")?;
    Some((label, value.strip_suffix(" MiB")?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_may_move_within_the_tolerance_and_nothing_else_may() {
        let recorded = "user 65532:65532\nsize image: 10.0 MiB\n";
        assert!(same_but_sizes(
            recorded,
            "user 65532:65532\nsize image: 12.0 MiB\n"
        ));
        assert!(!same_but_sizes(
            recorded,
            "user 65532:65532\nsize image: 13.0 MiB\n"
        ));
        assert!(!same_but_sizes(
            recorded,
            "user 0:0\nsize image: 10.0 MiB\n"
        ));
        assert!(!same_but_sizes(
            recorded,
            "user 65532:65532\nsize binary: 10.0 MiB\n"
        ));
        assert!(!same_but_sizes(recorded, "user 65532:65532\n"));
    }

    #[test]
    fn semver_reports_lose_their_timings_and_the_clone_path() {
        let printed = "       Built [  12.490s] (current)\n  enum MessageState in /tmp/x/rust-mastery/listings/outbox-core/src/state.rs:14\n";
        assert_eq!(
            semver_report(printed, Path::new("/tmp/x/rust-mastery")),
            "       Built [time] (current)\n  enum MessageState in listings/outbox-core/src/state.rs:14\n"
        );
    }

    #[test]
    fn arguments_with_spaces_or_braces_are_quoted() {
        assert_eq!(
            shell_words(&["enqueue", "--type", "{\"n\":1}"]),
            "enqueue --type '{\"n\":1}'"
        );
    }
}
