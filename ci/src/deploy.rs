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
//! What the book shows comes from here: `listings/m16-deploy/outputs/*.txt`
//! are compared with what the step sees (`COURSE_BLESS=1` rewrites them; a
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
/// The unprivileged user the image runs as (`USER` in the Dockerfile).
const IMAGE_USER: &str = "65532";

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
    if failed.is_empty() {
        Ok(())
    } else {
        bail!("{} part(s) failed: {}", failed.len(), failed.join("; "))
    }
}

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
            outputs: project.root.join("listings/m16-deploy/outputs"),
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
        let dynamic = output(Command::new(&linkage).arg(&gnu))?;
        if dynamic.status.success() {
            bail!("the linkage example calls the glibc build static");
        }
        let proved = output(Command::new(&linkage).arg(&static_build))?;
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
        let facts = image_facts(&image)?;
        let data = tempfile::tempdir()?;
        run_checked(
            Command::new("chown")
                .arg(format!("{IMAGE_USER}:{IMAGE_USER}"))
                .arg(data.path()),
            "giving the data folder to the image's user",
        )?;
        let volume = format!("{}:/data", data.path().display());
        let mut shown = facts;
        shown.push_str(&run_container(&image, &volume)?);
        compare_or_bless(&self.outputs.join("container.txt"), &shown)?;
        let _ = podman().args(["rmi", "--force", &image]).output();
        Ok(())
    }
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
    for args in runs {
        let out = output(
            Command::new(&chroot)
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
    let port = free_port()?;
    let name = format!("outbox-bridge-deploy-{}", std::process::id());
    let mut shown = String::new();
    for n in 1..=3 {
        let out = output(
            podman()
                .args(["run", "--rm", "--network", "host", "--volume", volume])
                .args(ULIMITS)
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
            .args(ULIMITS)
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
                .args(ULIMITS)
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

/// This machine runs containers as root with cgroups v1 and v2 mounted side
/// by side and without CAP_SYS_RESOURCE: runc with the cgroupfs manager
/// works where crun and systemd do not, and limits must not be raised.
fn podman() -> Command {
    let mut command = Command::new("podman");
    command
        .args(["--runtime", "runc", "--cgroup-manager", "cgroupfs"])
        .stdin(Stdio::null());
    command
}

const ULIMITS: [&str; 4] = [
    "--ulimit",
    "nofile=1024:1024",
    "--ulimit",
    "nproc=1024:1024",
];

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

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
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
    fn arguments_with_spaces_or_braces_are_quoted() {
        assert_eq!(
            shell_words(&["enqueue", "--type", "{\"n\":1}"]),
            "enqueue --type '{\"n\":1}'"
        );
    }
}
