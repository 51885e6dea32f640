//! The `ffi` step: Module 12's foreign-language builds, really run.
//!
//! Each lesson's binding is built and exercised from the other language:
//! - C (12.2): `liboutbox_ffi.so` linked by gcc into `c/main.c`, run under
//!   valgrind (a leak or an invalid read fails it), its output compared
//!   with `c/expected.txt`;
//! - Go (12.3): the cgo package linked against `liboutbox_ffi.a`, with
//!   `gofmt`, `go vet` and `go test`, offline (`GOPROXY=off`);
//! - Python (12.1): the PyO3 module built by maturin into a virtual
//!   environment, then its pytest suite;
//! - Python (18.4): Module 18's preprocessing module, the same way;
//! - ONNX (17.5): the inference lesson's model rebuilt by its Python script
//!   and compared byte for byte with the committed one, ONNX Runtime's
//!   outputs compared with the reference the Rust tests check tract against,
//!   and the inference library built for `wasm32-unknown-unknown`;
//! - WebAssembly (12.4): the crate built for `wasm32-unknown-unknown`, the
//!   glue written by the pinned wasm-bindgen CLI, Node's test runner over
//!   it, and the size of the `.wasm` reported;
//! - Cloudflare Workers (12.5): the Worker served by `wrangler dev`
//!   (workerd from npm, no account) and tested with real HTTP requests.
//!
//! What it installs (a virtual environment, wasm-bindgen, wrangler) goes
//! under the target directory or the tools cache, so CI caches it; what
//! the machine must have (gcc, valgrind, go, python3, node, npm) it checks
//! first and names the package that provides it. Nothing is downloaded but
//! registry packages (crates.io, PyPI, npm).

use crate::project::{Project, cargo, run_checked};
use crate::tools::WASM_BINDGEN;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What the Python side installs from PyPI, pinned.
pub const PYTHON_REQUIREMENTS: &[&str] = &[
    "maturin==1.16.0",
    "pytest==9.2.0",
    // Lesson 18.5's comparison: Hugging Face's tokenizer library.
    "tokenizers==0.23.3",
    // Lesson 17.5's model: built with numpy and onnx, checked with ONNX Runtime
    // (the same pins as listings/m17-inference/model/requirements.txt).
    "numpy==2.4.6",
    "onnx==1.23.2",
    "onnxruntime==1.32.0",
];

/// Set to rewrite `c/expected.txt` from what the C program prints.
const BLESS_VARIABLE: &str = "COURSE_BLESS";

/// One foreign build: its short name, what it is, and how to run it.
type Part = (&'static str, &'static str, fn(&Ffi) -> Result<()>);

const PARTS: [Part; 7] = [
    ("c", "C through the C ABI (12.2)", Ffi::c),
    ("go", "Go through cgo (12.3)", Ffi::go),
    ("python", "Python through PyO3 (12.1)", Ffi::python),
    (
        "pipeline",
        "a Python AI pipeline through PyO3 (18.4)",
        Ffi::pipeline,
    ),
    (
        "onnx",
        "the ONNX model against ONNX Runtime (17.5)",
        Ffi::onnx,
    ),
    ("wasm", "JavaScript through wasm-bindgen (12.4)", Ffi::wasm),
    (
        "worker",
        "a Cloudflare Worker under wrangler dev (12.5)",
        Ffi::worker,
    ),
];

/// `COURSE_FFI_PARTS=c,go` runs only those parts (the tooling's mutation
/// tests use it); unset, every part runs.
const PARTS_VARIABLE: &str = "COURSE_FFI_PARTS";

/// Runs every foreign build; fails if any did, after trying them all.
pub fn check(project: &Project) -> Result<()> {
    let ffi = Ffi::new(project)?;
    let chosen: Option<Vec<String>> = std::env::var(PARTS_VARIABLE)
        .ok()
        .map(|v| v.split(',').map(|p| p.trim().to_owned()).collect());
    if let Some(chosen) = &chosen
        && let Some(unknown) = chosen.iter().find(|c| !PARTS.iter().any(|(s, ..)| s == c))
    {
        bail!(
            "{PARTS_VARIABLE} names no part `{unknown}` (c, go, python, pipeline, onnx, wasm, worker)"
        );
    }
    let mut failed = Vec::new();
    for (short, name, part) in PARTS {
        if chosen
            .as_ref()
            .is_some_and(|c| !c.iter().any(|p| p == short))
        {
            continue;
        }
        eprintln!("\n    --- {name}");
        let started = Instant::now();
        match part(&ffi) {
            Ok(()) => eprintln!("    ok: {name} ({:.1}s)", started.elapsed().as_secs_f64()),
            Err(e) => {
                eprintln!("    FAILED: {name}: {e:#}");
                failed.push(name);
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        bail!(
            "{} foreign build(s) failed: {}",
            failed.len(),
            failed.join("; ")
        )
    }
}

/// Prints lesson 12.1's table (`cargo course ffi --bench python`).
pub fn python_bench(project: &Project) -> Result<()> {
    let ffi = Ffi::new(project)?;
    ffi.python_module("m12-python")?;
    run_checked(
        ffi.venv_python("m12-python").arg("bench.py"),
        "python bench.py",
    )
}

/// Prints lesson 18.5's table (`cargo course ffi --bench pipeline`): pure
/// Python, Hugging Face `tokenizers` and the Rust module over a corpus of
/// at least 100 MB, written first by `m18-pipeline`'s `corpus` program.
pub fn pipeline_bench(project: &Project) -> Result<()> {
    let ffi = Ffi::new(project)?;
    ffi.python_module("m18-python")?;
    let corpus = ffi.work.join("corpus-18.txt");
    run_checked(
        cargo()
            .args([
                "run",
                "--quiet",
                "--release",
                "--locked",
                "-p",
                "m18-pipeline",
            ])
            .args(["--bin", "corpus", "--"])
            .arg(&corpus)
            .current_dir(&ffi.root),
        "cargo run -p m18-pipeline --bin corpus",
    )?;
    run_checked(
        ffi.venv_python("m18-python").arg("bench.py").arg(&corpus),
        "python bench.py",
    )
}

/// Prints lesson 12.3's table (`cargo course ffi --bench go`): the cost of
/// a cgo call against a Go call doing the same work.
pub fn go_bench(project: &Project) -> Result<()> {
    let ffi = Ffi::new(project)?;
    ffi.c_library()?;
    let output = ffi
        .go_command()
        .args(["test", "-run", "^$", "-bench", ".", "-count", "5", "./..."])
        .stderr(Stdio::inherit())
        .output()
        .context("running go test -bench")?;
    if !output.status.success() {
        bail!("go test -bench failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{}", go_table(&go_medians(&text))?);
    Ok(())
}

/// Prints lesson 12.4's table (`cargo course ffi --bench wasm`): how large
/// the WebAssembly modules are, as cargo writes them and after wasm-bindgen.
pub fn wasm_sizes(project: &Project) -> Result<()> {
    let ffi = Ffi::new(project)?;
    let modules = ffi.wasm_modules()?;
    let core = ffi.work.join("size-core");
    let worker = ffi.work.join("size-worker");
    ffi.bindgen(&modules.join("outbox_wasm.wasm"), "nodejs", &core)?;
    ffi.bindgen(&modules.join("outbox_worker.wasm"), "web", &worker)?;
    let rows = [
        (
            "core-from-cargo",
            "`outbox_wasm.wasm` as cargo wrote it",
            file_size(&modules.join("outbox_wasm.wasm"))?,
        ),
        (
            "core-after-bindgen",
            "`outbox_wasm_bg.wasm` after wasm-bindgen",
            file_size(&core.join("outbox_wasm_bg.wasm"))?,
        ),
        (
            "worker-after-bindgen",
            "`outbox_worker_bg.wasm` (lesson 12.5) after wasm-bindgen",
            file_size(&worker.join("outbox_worker_bg.wasm"))?,
        ),
    ];
    print!("{}", size_table(&rows));
    Ok(())
}

fn size_table(rows: &[(&str, &str, u64)]) -> String {
    let base = rows.first().map_or(1.0, |(_, _, bytes)| *bytes as f64);
    let mut table = figures_comment(
        rows.iter()
            .map(|(key, _, bytes)| (*key, *bytes as f64 / base)),
    );
    table.push_str("| Row | Module | Size | ÷ cargo's core module |\n|---|---|---:|---:|\n");
    for (key, what, bytes) in rows {
        table.push_str(&format!(
            "| {key} | {what} | {:.1} KiB | {:.2}× |\n",
            *bytes as f64 / 1024.0,
            *bytes as f64 / base
        ));
    }
    table.push_str(
        "\n<p class=\"figure-note\">Release builds for <code>wasm32-unknown-unknown</code> with the \
         workspace's default release profile (no <code>opt-level = \"z\"</code>, no \
         <code>wasm-opt</code>), sizes before compression. Measured by \
         <code>cargo course figures --bless</code> (<code>cargo course ffi --bench wasm</code>).</p>\n",
    );
    table
}

/// Paths and tools every part shares.
struct Ffi {
    root: PathBuf,
    target: PathBuf,
    /// Where the step builds and installs: `<target>/ffi`.
    work: PathBuf,
    venv: PathBuf,
}

impl Ffi {
    fn new(project: &Project) -> Result<Ffi> {
        let target = project.target_dir();
        let work = target.join("ffi");
        fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
        Ok(Ffi {
            root: project.root.clone(),
            venv: work.join("venv"),
            target,
            work,
        })
    }

    fn listing(&self, path: &str) -> PathBuf {
        self.root.join("listings").join(path)
    }

    /// `cargo build --release -p m12-c`: `liboutbox_ffi.so` and `.a` in
    /// `<target>/release`, optimised so the Go benchmark measures real code.
    fn c_library(&self) -> Result<PathBuf> {
        run_checked(
            cargo()
                .args(["build", "--release", "--locked", "-p", "m12-c"])
                .current_dir(&self.root),
            "cargo build --release -p m12-c",
        )?;
        Ok(self.target.join("release"))
    }

    // ANCHOR: c
    fn c(&self) -> Result<()> {
        require("gcc", "the gcc package (apt-get install gcc)")?;
        require(
            "valgrind",
            "the valgrind package (apt-get install valgrind)",
        )?;
        let lib = self.c_library()?;
        let program = self.work.join("c_main");
        let dir = self.listing("m12-c");
        run_checked(
            Command::new("gcc")
                .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-I"])
                .arg(dir.join("include"))
                .arg(dir.join("c/main.c"))
                .arg("-L")
                .arg(&lib)
                .arg("-loutbox_ffi")
                .arg(format!("-Wl,-rpath,{}", lib.display()))
                .arg("-o")
                .arg(&program),
            "gcc c/main.c -loutbox_ffi",
        )?;
        // Every allocation the program makes through the library must be
        // freed, and no read may leave its buffer.
        let output = Command::new("valgrind")
            .args([
                "--quiet",
                "--error-exitcode=99",
                "--leak-check=full",
                "--errors-for-leak-kinds=definite",
            ])
            .arg(&program)
            // `cargo run` puts <target>/debug first in LD_LIBRARY_PATH, which
            // outranks the program's RUNPATH: a stale debug liboutbox_ffi.so
            // there would be loaded instead of the release one just built.
            .env_remove("LD_LIBRARY_PATH")
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .context("running the C program under valgrind")?;
        let printed = String::from_utf8_lossy(&output.stdout);
        eprint!("{printed}");
        if !output.status.success() {
            bail!("the C program failed under valgrind ({})", output.status);
        }
        compare_or_bless(&dir.join("c/expected.txt"), &printed)
    }
    // ANCHOR_END: c

    /// `go` with the environment the cgo package needs: the Rust library's
    /// directory for the linker, and no network.
    fn go_command(&self) -> Command {
        let mut command = Command::new("go");
        command
            .current_dir(self.listing("m12-c/go"))
            .env("CGO_ENABLED", "1")
            .env(
                "CGO_LDFLAGS",
                format!("-L{}", self.target.join("release").display()),
            )
            .env("GOPROXY", "off")
            .env("GOFLAGS", "-mod=mod")
            .env("GOCACHE", self.work.join("go-cache"))
            .env("GOPATH", self.work.join("go-path"))
            .stdin(Stdio::null());
        command
    }

    fn go(&self) -> Result<()> {
        require("go", "the golang-go package (apt-get install golang-go)")?;
        self.c_library()?;
        let unformatted = Command::new("gofmt")
            .arg("-l")
            .arg(".")
            .current_dir(self.listing("m12-c/go"))
            .output()
            .context("running gofmt")?;
        let unformatted = String::from_utf8_lossy(&unformatted.stdout);
        if !unformatted.trim().is_empty() {
            bail!("gofmt would change: {}", unformatted.trim());
        }
        run_checked(self.go_command().args(["vet", "./..."]), "go vet")?;
        run_checked(
            self.go_command().args(["test", "-count=1", "./..."]),
            "go test (cgo, linked with liboutbox_ffi.a)",
        )
    }

    /// A virtual environment with [`PYTHON_REQUIREMENTS`], made once and
    /// remade when the requirements change.
    fn ensure_venv(&self) -> Result<()> {
        require(
            "python3",
            "python3 with its venv module (apt-get install python3-venv)",
        )?;
        let stamp = self.venv.join("course-requirements.txt");
        // The interpreter's version is part of the stamp: a venv made by
        // another Python (an upgraded python3) is made afresh.
        let python = Command::new("python3")
            .arg("--version")
            .output()
            .context("running python3 --version")?;
        let wanted = format!(
            "{}\n{}",
            String::from_utf8_lossy(&python.stdout).trim(),
            PYTHON_REQUIREMENTS.join("\n")
        );
        let venv_runs = Command::new(self.venv.join("bin/python"))
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if venv_runs && fs::read_to_string(&stamp).is_ok_and(|have| have == wanted) {
            return Ok(());
        }
        eprintln!(
            "    creating {} with {}",
            self.venv.display(),
            PYTHON_REQUIREMENTS.join(", ")
        );
        run_checked(
            Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&self.venv),
            "python3 -m venv",
        )?;
        run_checked(
            Command::new(self.venv.join("bin/python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(PYTHON_REQUIREMENTS),
            "pip install maturin pytest",
        )?;
        fs::write(&stamp, wanted).context("recording the virtual environment's requirements")
    }

    /// `maturin develop --release`: builds the extension module and installs
    /// it into the virtual environment. maturin gets a target directory of
    /// its own: it builds pyo3 for the venv's interpreter, and sharing
    /// cargo's would make the two rebuild pyo3 for each other.
    fn python_module(&self, listing: &str) -> Result<()> {
        self.ensure_venv()?;
        let bin = self.venv.join("bin");
        // maturin reports on stdout, which `--bench python` keeps for the table.
        let report = std::io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .context("duplicating stderr for maturin")?;
        run_checked(
            Command::new(bin.join("maturin"))
                .stdout(report)
                .args(["develop", "--release", "--quiet", "-m"])
                .arg(self.listing(listing).join("Cargo.toml"))
                .env("VIRTUAL_ENV", &self.venv)
                .env("PATH", prepend_path(&bin))
                .env("CARGO_TARGET_DIR", self.target.join("maturin"))
                .current_dir(&self.root),
            "maturin develop --release",
        )
    }

    fn python(&self) -> Result<()> {
        self.python_module("m12-python")?;
        self.pytest("m12-python")
    }

    fn pipeline(&self) -> Result<()> {
        self.python_module("m18-python")?;
        self.pytest("m18-python")
    }

    /// The virtual environment's Python, run in `listings/<dir>`, writing
    /// no `__pycache__` into the checkout.
    fn venv_python(&self, dir: &str) -> Command {
        let mut command = Command::new(self.venv.join("bin/python"));
        command
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(self.listing(dir));
        command
    }

    /// The pytest suite in `listings/<listing>/tests`.
    fn pytest(&self, listing: &str) -> Result<()> {
        run_checked(
            self.venv_python(listing).args([
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests",
            ]),
            &format!("pytest listings/{listing}/tests"),
        )
    }

    /// Lesson 17.5's model: `make_model.py --check` rebuilds it in memory
    /// and fails if the bytes differ from the committed `.onnx` file, or if
    /// ONNX Runtime's outputs differ from `reference.json` (which the Rust
    /// tests hold tract's outputs to).
    ///
    /// Then the lesson's WASM route: the same library, tract and the
    /// embedded model included, built for `wasm32-unknown-unknown` with the
    /// command the lesson shows.
    fn onnx(&self) -> Result<()> {
        self.ensure_venv()?;
        run_checked(
            self.venv_python("m17-inference/model")
                .args(["make_model.py", "--check"]),
            "python make_model.py --check",
        )?;
        self.add_wasm_target()?;
        run_checked(
            cargo()
                .args(["build", "--locked", "-p", "m17-inference", "--lib"])
                .args(["--target", "wasm32-unknown-unknown"])
                .current_dir(&self.root),
            "cargo build -p m17-inference --lib --target wasm32-unknown-unknown",
        )
    }

    /// rustup adds the targets rust-toolchain.toml lists only when it
    /// installs the toolchain itself; on a machine that already had the
    /// pinned release, the wasm32 standard library is missing (E0463,
    /// "can't find crate for `core`"). Adding an installed target is a
    /// no-op.
    fn add_wasm_target(&self) -> Result<()> {
        run_checked(
            Command::new("rustup")
                .args(["target", "add", "wasm32-unknown-unknown"])
                .current_dir(&self.root),
            "rustup target add wasm32-unknown-unknown",
        )
    }

    /// Both WebAssembly crates, in one cargo build.
    fn wasm_modules(&self) -> Result<PathBuf> {
        self.add_wasm_target()?;
        run_checked(
            cargo()
                .args([
                    "build",
                    "--release",
                    "--locked",
                    "--target",
                    "wasm32-unknown-unknown",
                ])
                .args(["-p", "m12-wasm", "-p", "m12-worker"])
                .current_dir(&self.root),
            "cargo build --target wasm32-unknown-unknown",
        )?;
        Ok(self.target.join("wasm32-unknown-unknown/release"))
    }

    fn bindgen(&self, wasm: &Path, target: &str, out: &Path) -> Result<()> {
        WASM_BINDGEN.ensure()?;
        run_checked(
            Command::new(WASM_BINDGEN.program())
                .args(["--target", target, "--out-dir"])
                .arg(out)
                .arg(wasm),
            &format!("wasm-bindgen --target {target}"),
        )
    }

    fn wasm(&self) -> Result<()> {
        require("node", "Node.js 20 or later (apt-get install nodejs)")?;
        let modules = self.wasm_modules()?;
        let pkg = self.work.join("wasm-pkg");
        self.bindgen(&modules.join("outbox_wasm.wasm"), "nodejs", &pkg)?;
        let size = file_size(&pkg.join("outbox_wasm_bg.wasm"))?;
        eprintln!("    outbox_wasm_bg.wasm is {:.1} KiB", size as f64 / 1024.0);
        run_checked(
            Command::new("node")
                .arg("--test")
                .arg(self.listing("m12-wasm/test/outbox.test.mjs"))
                .env("OUTBOX_WASM_PKG", &pkg),
            "node --test listings/m12-wasm/test",
        )
    }

    fn worker(&self) -> Result<()> {
        require("node", "Node.js 20 or later (apt-get install nodejs)")?;
        require("npm", "npm (apt-get install npm)")?;
        let modules = self.wasm_modules()?;
        let source = self.listing("m12-worker");
        // The Worker is served from a copy under the target directory, so
        // the generated pkg/ never lands in the source tree.
        let site = self.work.join("worker");
        if site.exists() {
            fs::remove_dir_all(&site).with_context(|| format!("clearing {}", site.display()))?;
        }
        fs::create_dir_all(site.join("js"))?;
        fs::copy(source.join("wrangler.toml"), site.join("wrangler.toml"))?;
        fs::copy(source.join("js/shim.mjs"), site.join("js/shim.mjs"))?;
        self.bindgen(
            &modules.join("outbox_worker.wasm"),
            "web",
            &site.join("pkg"),
        )?;
        crate::browser::npm_ci(&source, "npm ci in listings/m12-worker (wrangler)")?;

        let port = free_port()?;
        let log = site.join("wrangler.log");
        let server = Server::start(
            wrangler(&source, &site)
                .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
                .args(["--inspector-port", &free_port()?.to_string()])
                .stdout(fs::File::create(&log)?)
                .stderr(fs::File::create(site.join("wrangler.err.log"))?),
        )?;
        if let Err(e) = wait_for_port(port, Duration::from_secs(90)) {
            eprintln!("{}", fs::read_to_string(&log).unwrap_or_default());
            eprintln!(
                "{}",
                fs::read_to_string(site.join("wrangler.err.log")).unwrap_or_default()
            );
            return Err(e.context("wrangler dev did not start"));
        }
        let tested = run_checked(
            Command::new("node")
                .arg("--test")
                .arg(source.join("test/worker.test.mjs"))
                .env("WORKER_URL", format!("http://127.0.0.1:{port}")),
            "node --test listings/m12-worker/test (HTTP against wrangler dev)",
        );
        drop(server);
        tested?;
        // What `wrangler deploy` would upload, bundled but not sent: this
        // runs offline and with no account, and fails on a bundle that
        // could not be deployed (lesson 12.5).
        run_checked(
            wrangler(&source, &site)
                .args(["deploy", "--dry-run", "--outdir"])
                .arg(site.join("dist"))
                .stdout(Stdio::null()),
            "wrangler deploy --dry-run",
        )
    }
}

/// A server process group, stopped when dropped (wrangler starts workerd as
/// a child, and both must go).
struct Server {
    child: Child,
}

impl Server {
    fn start(command: &mut Command) -> Result<Server> {
        let child = command
            .stdin(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting the server")?;
        Ok(Server { child })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        // `--` first: procps's kill reads `-TERM -123` as options, and a
        // number after a dash as a signal, which once stopped every process
        // on the machine. After `--`, `-123` can only be a process group.
        // Best effort: a group that already exited has nothing to stop.
        let _ = Command::new("kill")
            .args(["-s", "TERM", "--", &group])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .status();
        let _ = self.child.wait();
    }
}

/// The wrangler that `npm ci` installed in `source`, run in `site`,
/// non-interactive and sending nothing home.
fn wrangler(source: &Path, site: &Path) -> Command {
    let mut command = Command::new(source.join("node_modules/.bin/wrangler"));
    command
        .current_dir(site)
        .env("CI", "true")
        .env("WRANGLER_SEND_METRICS", "false")
        .env("NO_UPDATE_NOTIFIER", "1");
    command
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len())
}

/// The first line of a figure table (`ci/src/figures.rs` reads it back):
/// `<!-- figures: name=ratio … -->`.
fn figures_comment<'a>(ratios: impl Iterator<Item = (&'a str, f64)>) -> String {
    let mut line = String::from("<!-- figures:");
    for (key, ratio) in ratios {
        line.push_str(&format!(" {key}={ratio:.3}"));
    }
    line.push_str(" -->\n");
    line
}

/// A TCP port nobody listens on right now.
pub(crate) fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn wait_for_port(port: u16, timeout: Duration) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!(
        "nothing listened on 127.0.0.1:{port} within {}s",
        timeout.as_secs()
    )
}

/// Fails with the package to install when `command` cannot be run.
fn require(command: &str, provided_by: &str) -> Result<()> {
    let runs = Command::new(command)
        .arg(if command == "go" {
            "version"
        } else {
            "--version"
        })
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if runs {
        Ok(())
    } else {
        bail!("`{command}` is not installed; it comes with {provided_by} (.ci/run installs it)")
    }
}

fn prepend_path(dir: &Path) -> OsString {
    let mut paths = vec![dir.to_path_buf()];
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(paths).unwrap_or_else(|_| dir.as_os_str().to_owned())
}

/// Compares what a program printed with the file the book includes, or
/// rewrites the file when `COURSE_BLESS` is set.
fn compare_or_bless(expected: &Path, printed: &str) -> Result<()> {
    if std::env::var_os(BLESS_VARIABLE).is_some() {
        return fs::write(expected, printed)
            .with_context(|| format!("writing {}", expected.display()));
    }
    let recorded = fs::read_to_string(expected).unwrap_or_default();
    if recorded != printed {
        bail!(
            "the C program printed something else than {}; if that is intended, rerun with {BLESS_VARIABLE}=1",
            expected.display()
        );
    }
    Ok(())
}

/// The median ns/op of each benchmark in `go test -bench` output.
fn go_medians(text: &str) -> Vec<(String, f64)> {
    let mut runs: Vec<(String, Vec<f64>)> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, _iterations, ns, "ns/op", ..] = fields.as_slice() else {
            continue;
        };
        let Some(name) = name.strip_prefix("Benchmark") else {
            continue;
        };
        // `CgoCall-2`: the suffix is GOMAXPROCS.
        let name = name.rsplit_once('-').map_or(name, |(n, _)| n).to_owned();
        let Ok(ns) = ns.parse::<f64>() else { continue };
        match runs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(ns),
            None => runs.push((name, vec![ns])),
        }
    }
    runs.into_iter()
        .map(|(name, mut values)| {
            values.sort_by(f64::total_cmp);
            let median = values[values.len() / 2];
            (name, median)
        })
        .collect()
}

/// Lesson 12.3's table, in the figures format (`ci/src/figures.rs`).
fn go_table(medians: &[(String, f64)]) -> Result<String> {
    let find = |name: &str| {
        medians
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, ns)| *ns)
            .with_context(|| format!("no Benchmark{name} in the go test output"))
    };
    let go = find("GoCall")?;
    let rows = [
        ("go-call", "Go: `crc32.Checksum` on 16 bytes", go),
        (
            "cgo-call",
            "cgo: Rust `outbox_crc32c` on 16 bytes",
            find("CgoCall")?,
        ),
        (
            "cgo-empty",
            "cgo: Rust `outbox_crc32c` on 0 bytes",
            find("CgoEmptyCall")?,
        ),
    ];
    let mut table = figures_comment(rows.iter().map(|(key, _, ns)| (*key, ns / go)));
    table.push_str("| Row | Call | Time per call | ÷ the Go call |\n|---|---|---:|---:|\n");
    for (key, what, ns) in &rows {
        table.push_str(&format!(
            "| {key} | {what} | {ns:.1} ns | {:.1}× |\n",
            ns / go
        ));
    }
    table.push_str(
        "\n<p class=\"figure-note\">The median of five <code>go test -bench</code> runs \
         (Go from Debian's <code>golang-go</code>, <code>liboutbox_ffi.a</code> built with \
         <code>--release</code>), on the two-core machine that built this book. \
         <code>go-call</code> is Go's own CRC-32C (the CPU's <code>CRC32</code> instruction on \
         amd64), <code>cgo-call</code> the \
         same 16 bytes through cgo into Rust, <code>cgo-empty</code> a call into Rust with \
         nothing to checksum: the crossing alone. Measured by \
         <code>cargo course figures --bless</code> (<code>cargo course ffi --bench go</code>).</p>\n",
    );
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_bench_output_is_read_as_medians() {
        let text = "goos: linux\n\
            BenchmarkCgoCall-2        \t 5597016\t       182.8 ns/op\n\
            BenchmarkCgoCall-2        \t 8112642\t       140.8 ns/op\n\
            BenchmarkCgoCall-2        \t 6957964\t       168.3 ns/op\n\
            BenchmarkGoCall-2         \t100000000\t        11.37 ns/op\n\
            PASS\n";
        assert_eq!(
            go_medians(text),
            vec![("CgoCall".to_owned(), 168.3), ("GoCall".to_owned(), 11.37)]
        );
    }

    #[test]
    fn the_go_table_has_a_ratio_per_row() {
        let medians = [
            ("GoCall".to_owned(), 10.0),
            ("CgoCall".to_owned(), 150.0),
            ("CgoEmptyCall".to_owned(), 75.0),
        ];
        let table = go_table(&medians).expect("all three benchmarks");
        assert!(
            table.starts_with("<!-- figures: go-call=1.000 cgo-call=15.000 cgo-empty=7.500 -->")
        );
        assert!(
            table.contains(
                "| cgo-call | cgo: Rust `outbox_crc32c` on 16 bytes | 150.0 ns | 15.0× |"
            )
        );
        assert!(go_table(&medians[..2]).is_err());
    }

    #[test]
    fn the_size_table_compares_with_the_first_row() {
        let table = size_table(&[("a", "A", 2048), ("b", "B", 1024)]);
        assert!(table.starts_with("<!-- figures: a=1.000 b=0.500 -->"));
        assert!(table.contains("| b | B | 1.0 KiB | 0.50× |"));
    }

    #[test]
    fn the_path_gains_a_directory_in_front() {
        let path = prepend_path(Path::new("/venv/bin"));
        let first = std::env::split_paths(&path).next();
        assert_eq!(first, Some(PathBuf::from("/venv/bin")));
    }
}
