//! Lesson 15.4: what the compiler made of `src/codegen.rs`, checked.
//!
//! The test builds the library the way the lesson tells readers to, in a
//! target directory of its own (the outer `cargo test` may hold the lock on
//! the main one, and `--emit asm` must not change the main build):
//!
//! ```console
//! cargo rustc --release -p m15-codegen --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel
//! ```
//!
//! It then finds each `#[inline(never)]` checksum function in the `.s` file,
//! asserts which ones call `core::panicking::panic_bounds_check` and where,
//! and compares the excerpts the book shows (`asm/*.s`, labels and
//! machine-specific hashes normalised) with what the compiler wrote today.
//! `COURSE_BLESS=1 cargo test -p m15-codegen --test codegen` rewrites
//! them. The toolchain is pinned (rust-toolchain.toml), so the assembly is the
//! same on every run; a new Rust release may change it, and then this test
//! says so.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

/// Set to rewrite the excerpts in `asm/` from the compiler's output.
const BLESS_VARIABLE: &str = "COURSE_BLESS";

const BOUNDS_CHECK: &str = "core::panicking::panic_bounds_check";

/// The assembly of the whole library, built once for all the tests.
static ASSEMBLY: LazyLock<String> = LazyLock::new(build_assembly);

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("m15-codegen")
}

fn build_assembly() -> String {
    if !cfg!(target_arch = "x86_64") {
        panic!(
            "lesson 15.4's assembly is x86-64 (Intel syntax); this test has nothing to compare on {}",
            env::consts::ARCH
        );
    }
    let target = target_dir();
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rustc", "--release", "--package", "m15-codegen", "--lib"])
        .args(["--locked", "--offline", "--message-format=json"])
        .args([
            "--",
            "--emit",
            "asm",
            "-C",
            "llvm-args=-x86-asm-syntax=intel",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo rustc --emit asm failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Cargo names the library's metadata file `libm15_codegen-<hash>.rmeta`
    // in its report; rustc wrote the assembly beside it as
    // `m15_codegen-<hash>.s`. (Older .s files with other hashes may
    // remain from builds with other dependencies.)
    let report = String::from_utf8_lossy(&output.stdout);
    let marker = "/deps/libm15_codegen-";
    let hash = report
        .split(marker)
        .nth(1)
        .and_then(|rest| rest.split(".rmeta").next())
        .expect("cargo reports the library's .rmeta file");
    let path = target.join(format!("release/deps/m15_codegen-{hash}.s"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// One line of a function's body: a label (`.L3:`) or an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Label(String),
    Instruction { mnemonic: String, operands: String },
}

impl Line {
    fn jump_target(&self) -> Option<&str> {
        match self {
            Line::Instruction { mnemonic, operands } if mnemonic.starts_with('j') => {
                Some(operands.as_str())
            }
            _ => None,
        }
    }

    fn calls(&self, what: &str) -> bool {
        matches!(self, Line::Instruction { mnemonic, operands } if mnemonic == "call" && operands.contains(what))
    }

    fn render(&self) -> String {
        match self {
            Line::Label(label) => format!("{label}:"),
            Line::Instruction { mnemonic, operands } if operands.is_empty() => {
                format!("    {mnemonic}")
            }
            Line::Instruction { mnemonic, operands } => format!("    {mnemonic:<7} {operands}"),
        }
    }
}

/// The body of `codegen::<name>`, normalised: directives and comments
/// dropped, labels renumbered from `.L0` in order of appearance, string
/// constants as `.Lanon.N`, and symbols demangled without their hashes.
fn function(asm: &str, name: &str) -> Vec<Line> {
    let prefix = format!("_ZN11m15_codegen7codegen{}{name}17h", name.len());
    let mut lines = asm
        .lines()
        .skip_while(|l| !(l.starts_with(&prefix) && l.ends_with("E:")))
        .skip(1)
        .take_while(|l| !l.starts_with(".Lfunc_end"))
        .peekable();
    assert!(
        lines.peek().is_some(),
        "no function codegen::{name} in the assembly (is it still #[inline(never)]?)"
    );
    let mut labels = HashMap::new();
    let mut anons = HashMap::new();
    let mut body = Vec::new();
    for raw in lines {
        let text = raw.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let text = rename(text, ".LBB", &mut labels, ".L");
        let text = rename(&text, ".Lanon.", &mut anons, ".Lanon.");
        if let Some(label) = text.strip_suffix(':') {
            body.push(Line::Label(label.to_owned()));
        } else if !text.starts_with('.') {
            let (mnemonic, operands) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
            body.push(Line::Instruction {
                mnemonic: mnemonic.to_owned(),
                operands: demangle_symbols(operands.trim()),
            });
        }
    }
    body
}

/// Replaces each `<prefix><name>` (a label made of `[0-9A-Za-z_.]`) with
/// `<replacement><n>`, numbered in order of first appearance.
fn rename(
    text: &str,
    prefix: &str,
    seen: &mut HashMap<String, usize>,
    replacement: &str,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start]);
        let tail = &rest[start + prefix.len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(tail.len());
        let next = seen.len();
        let n = *seen.entry(tail[..end].to_owned()).or_insert(next);
        out.push_str(&format!("{replacement}{n}"));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Demangles the symbols in an operand: Rust's v0 scheme (`_RNv…`, used by
/// the standard library) and the legacy one (`_ZN…E`), hashes dropped.
fn demangle_symbols(operands: &str) -> String {
    let mut out = String::new();
    let mut rest = operands;
    while let Some(start) = [rest.find("_R"), rest.find("_ZN")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let symbol = &tail[..end];
        let demangled = if let Some(v0) = symbol.strip_prefix("_R") {
            v0_path(&mut v0.as_bytes()).map(|path| path.join("::"))
        } else {
            legacy_path(symbol)
        };
        out.push_str(demangled.as_deref().unwrap_or(symbol));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The path of a v0 symbol, for the shapes the standard library's panics
/// use: nested `N<namespace>` paths over a crate root `C`.
fn v0_path(input: &mut &[u8]) -> Option<Vec<String>> {
    let (&tag, rest) = input.split_first()?;
    *input = rest;
    match tag {
        b'C' => Some(vec![v0_identifier(input)?]),
        b'N' => {
            *input = input.get(1..)?; // the namespace: `v` value, `t` type
            let mut path = v0_path(input)?;
            path.push(v0_identifier(input)?);
            Some(path)
        }
        _ => None,
    }
}

/// `[s<base-62>_]<length>[_]<bytes>`: an identifier, its disambiguator dropped.
fn v0_identifier(input: &mut &[u8]) -> Option<String> {
    if let Some(rest) = input.strip_prefix(b"s") {
        let end = rest.iter().position(|&b| b == b'_')?;
        *input = &rest[end + 1..];
    }
    let digits = input.iter().take_while(|b| b.is_ascii_digit()).count();
    let len: usize = std::str::from_utf8(&input[..digits]).ok()?.parse().ok()?;
    let mut rest = &input[digits..];
    if let Some(stripped) = rest.strip_prefix(b"_") {
        rest = stripped;
    }
    let name = String::from_utf8(rest.get(..len)?.to_vec()).ok()?;
    *input = &rest[len..];
    Some(name)
}

/// `_ZN<len><name>…17h<hash>E` as `a::b::c`.
fn legacy_path(symbol: &str) -> Option<String> {
    let mut rest = symbol.strip_prefix("_ZN")?;
    let mut parts = Vec::new();
    while let Some(digits) = rest.find(|c: char| !c.is_ascii_digit()).filter(|&d| d > 0) {
        let len: usize = rest[..digits].parse().ok()?;
        let part = rest.get(digits..digits + len)?;
        rest = &rest[digits + len..];
        if !(part.len() == 17 && part.starts_with('h')) {
            parts.push(part.to_owned());
        }
    }
    Some(parts.join("::"))
}

/// The loops of a function: from a label to the last jump back to it.
fn loops(body: &[Line]) -> Vec<&[Line]> {
    body.iter()
        .enumerate()
        .filter_map(|(start, line)| match line {
            Line::Label(label) => body
                .iter()
                .rposition(|l| l.jump_target() == Some(label))
                .filter(|&end| end > start)
                .map(|end| &body[start..=end]),
            Line::Instruction { .. } => None,
        })
        .collect()
}

/// The labels whose block (up to the next label) calls `what`.
fn blocks_calling<'a>(body: &'a [Line], what: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut current = None;
    for line in body {
        match line {
            Line::Label(label) => current = Some(label.as_str()),
            _ if line.calls(what) => found.extend(current),
            _ => {}
        }
    }
    found
}

fn calls(body: &[Line], what: &str) -> bool {
    body.iter().any(|l| l.calls(what))
}

fn mnemonics(lines: &[Line]) -> Vec<&str> {
    lines
        .iter()
        .filter_map(|l| match l {
            Line::Instruction { mnemonic, .. } => Some(mnemonic.as_str()),
            Line::Label(_) => None,
        })
        .collect()
}

/// Loads of a 4-byte table entry in `lines`.
fn table_loads(lines: &[Line]) -> usize {
    lines
        .iter()
        .filter(
            |l| matches!(l, Line::Instruction { operands, .. } if operands.contains("dword ptr [")),
        )
        .count()
}

fn render(lines: &[Line]) -> String {
    lines.iter().map(|l| l.render() + "\n").collect()
}

/// Compares (or, under COURSE_BLESS=1, rewrites) an excerpt the book shows.
fn check_excerpt(file: &str, now: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("asm").join(file);
    if env::var_os(BLESS_VARIABLE).is_some_and(|v| v == "1") {
        fs::create_dir_all(path.parent().expect("asm/")).expect("create asm/");
        fs::write(&path, now).expect("write the excerpt");
        return;
    }
    let kept = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == now,
        "listings/m15-codegen/asm/{file} differs from what the compiler writes now; if the \
         change is expected, run `COURSE_BLESS=1 cargo test -p m15-codegen --test codegen` \
         and re-read lesson 15.4's prose.\nnow:\n{now}"
    );
}

#[test]
fn the_slice_version_checks_every_lookup_inside_its_loop() {
    let body = function(&ASSEMBLY, "crc32c_slice");
    let panics = blocks_calling(&body, BOUNDS_CHECK);
    assert_eq!(
        panics.len(),
        1,
        "one bounds-check panic:\n{}",
        render(&body)
    );
    let loops = loops(&body);
    assert_eq!(loops.len(), 1, "one loop, not unrolled:\n{}", render(&body));
    assert!(
        loops[0].iter().any(|l| l.jump_target() == Some(panics[0])),
        "the loop jumps to the panic (a check per byte):\n{}",
        render(&body)
    );
    assert_eq!(table_loads(loops[0]), 1, "one byte per iteration");
    check_excerpt("crc32c_slice.s", &render(&body));
}

#[test]
fn the_safe_fast_versions_have_no_bounds_checks_and_the_same_loops() {
    let array = function(&ASSEMBLY, "crc32c_array");
    let array_loops: Vec<Vec<&str>> = loops(&array).into_iter().map(mnemonics).collect();
    assert!(!calls(&array, BOUNDS_CHECK), "{}", render(&array));
    // The main loop handles four bytes per iteration, the second the rest.
    assert_eq!(array_loops.len(), 2, "{}", render(&array));
    assert_eq!(table_loads(loops(&array)[0]), 4, "{}", render(&array));
    for name in ["crc32c_asserted", "crc32c_resliced", "crc32c_first_chunk"] {
        let body = function(&ASSEMBLY, name);
        assert!(!calls(&body, BOUNDS_CHECK), "{name}:\n{}", render(&body));
        let shapes: Vec<Vec<&str>> = loops(&body).into_iter().map(mnemonics).collect();
        assert_eq!(
            shapes,
            array_loops,
            "{name}'s loops are crc32c_array's, instruction for instruction:\n{}",
            render(&body)
        );
        // The one check they keep is before the loop and calls no bounds-check panic.
        assert!(
            loops(&body).iter().all(|l| l
                .iter()
                .all(|i| !matches!(i, Line::Instruction { mnemonic, .. } if mnemonic == "call"))),
            "no calls inside {name}'s loops"
        );
    }
    check_excerpt("crc32c_array_loop.s", &render(loops(&array)[0]));
}

#[test]
fn first_chunk_checks_the_length_once_before_the_loop() {
    let body = function(&ASSEMBLY, "crc32c_first_chunk");
    let first_loop = body
        .iter()
        .position(|l| loops(&body).iter().any(|lp| lp[0] == *l))
        .expect("a loop");
    // Before the loop: a comparison of the table's length with 256 ...
    let compares_256 = body[..first_loop].iter().any(
        |l| matches!(l, Line::Instruction { mnemonic, operands } if mnemonic == "cmp" && operands.ends_with(", 256")),
    );
    assert!(compares_256, "{}", render(&body));
    // ... whose failure ends in `expect`'s panic, not a bounds check.
    let expect_failed = blocks_calling(&body, "core::option::expect_failed");
    assert_eq!(expect_failed.len(), 1, "{}", render(&body));
    assert!(
        body[..first_loop]
            .iter()
            .any(|l| l.jump_target() == Some(expect_failed[0])),
        "{}",
        render(&body)
    );
}

#[test]
fn the_unsafe_version_does_the_same_work_as_the_safe_ones() {
    let unchecked = function(&ASSEMBLY, "crc32c_unchecked");
    let array = function(&ASSEMBLY, "crc32c_array");
    assert!(!calls(&unchecked, BOUNDS_CHECK), "{}", render(&unchecked));
    let (mine, safe) = (loops(&unchecked), loops(&array));
    assert_eq!(mine.len(), safe.len(), "{}", render(&unchecked));
    // The same unrolling: four table lookups per pass of the main loop, in
    // as many instructions.
    assert_eq!(table_loads(mine[0]), table_loads(safe[0]));
    assert_eq!(
        mnemonics(mine[0]).len(),
        mnemonics(safe[0]).len(),
        "{}",
        render(&unchecked)
    );
    // Within a few instructions of each other: which register holds the
    // CRC between lookups differs, the work does not.
    let (a, b) = (mnemonics(&unchecked).len(), mnemonics(&array).len());
    assert!(
        a.abs_diff(b) <= 4,
        "crc32c_unchecked has {a} instructions and crc32c_array {b}: revisit lesson 15.4's claim\n{}",
        render(&unchecked)
    );
    check_excerpt("crc32c_unchecked_loop.s", &render(mine[0]));
}

#[test]
fn symbols_demangle_without_their_hashes() {
    assert_eq!(
        demangle_symbols(
            "qword ptr [rip + _RNvNtCsgEmfK2I1SDS_4core9panicking18panic_bounds_check@GOTPCREL]"
        ),
        "qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]"
    );
    assert_eq!(
        demangle_symbols("_ZN11m15_codegen7codegen6crc32c17ha2fd7bdc961265a0E"),
        "m15_codegen::codegen::crc32c"
    );
    let mut seen = HashMap::new();
    assert_eq!(
        rename(
            "jbe .LBB8_7 ; jmp .LBB8_3 ; jne .LBB8_7",
            ".LBB",
            &mut seen,
            ".L"
        ),
        "jbe .L0 ; jmp .L1 ; jne .L0"
    );
}
