//! The course's checks catch what they promise to catch.
//!
//! Each test copies the repository, breaks one thing a maintainer could break,
//! and runs the part of `cargo course test` that must notice:
//! - an included listing that no longer compiles → the doctests fail;
//! - an inline snippet that no longer compiles → the skeptic tests fail;
//! - a listing that prints something else → `cargo course outputs --check` fails;
//! - an unknown code-fence attribute, a bridge section that names no capstone
//!   file, or an exercise without an answer → `cargo course lint` fails;
//! - a broken mermaid diagram, a Run button on code that uses a crate the
//!   Playground lacks, or a console error → `cargo course test browser`
//!   fails (it builds the book and reads the broken page in Chromium);
//! - a C program that no longer frees what the Rust library gave it →
//!   the ffi step's valgrind run fails (lesson 12.2).
//!
//! Each runs the check on the broken chapter or package only (the rest of
//! the book would pass and prove nothing here). The copies build in
//! `<target>/selftest`, so they share compiled dependencies between runs
//! without waiting on the outer build's lock.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The copies share one target dir, and with it the book package's build
/// script output; two cargo runs at once would overwrite each other's chapters.
static SHARED_TARGET: Mutex<()> = Mutex::new(());

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("ci/ lives in the repository")
        .to_path_buf()
}

/// A copy of the repository without build output or git data.
fn copy_repo() -> tempfile::TempDir {
    let copy = tempfile::Builder::new()
        .prefix("course-selftest-")
        .tempdir()
        .expect("temp dir");
    copy_dir(&repo_root(), copy.path());
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if ["target", ".git", "book", "node_modules"]
            .iter()
            .any(|skip| name == *skip)
        {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).expect("copy");
        }
    }
}

fn selftest_target() -> PathBuf {
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("selftest")
}

/// Runs cargo in the copy, offline and against the copied lock file.
fn cargo(copy: &Path, args: &[&str]) -> Output {
    let _one_at_a_time = SHARED_TARGET
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(copy)
        // Before the subcommand, so it stays cargo's when `args` end in
        // `-- <test filter>`.
        .arg("--locked")
        .args(args)
        .env("CARGO_TARGET_DIR", selftest_target())
        .env("SKEPTIC_JOBS", "2")
        .output()
        .expect("cargo runs")
}

fn course(copy: &Path, args: &[&str]) -> Output {
    course_with(copy, args, &[])
}

fn course_with(copy: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let _one_at_a_time = SHARED_TARGET
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Command::new(env!("CARGO_BIN_EXE_course"))
        .arg("--root")
        .arg(copy)
        .args(args)
        .env("CARGO_TARGET_DIR", selftest_target())
        .envs(envs.iter().copied())
        .output()
        .expect("course runs")
}

/// `cargo course test browser` on one page of the copy.
fn browser_check(copy: &Path, page: &str) -> (bool, String) {
    let output = course_with(
        copy,
        &["test", "browser"],
        &[("COURSE_BROWSER_PAGES", page)],
    );
    (output.status.success(), text(&output))
}

const PAGE_01_1: &str = "01-core-foundations/01.1-variables-mutability-shadowing.html";

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// The first chapter of Module 01 and its text.
fn module_01_chapter(copy: &Path) -> (PathBuf, String) {
    let path = copy.join("src/01-core-foundations/01.1-variables-mutability-shadowing.md");
    let content = fs::read_to_string(&path).expect("chapter 01.1 exists");
    (path, content)
}

/// The listing file behind the first `{{#rustdoc_include …}}` of a chapter.
fn first_included_listing(chapter: &Path, content: &str) -> PathBuf {
    let start = content
        .find("{{#rustdoc_include ")
        .expect("the chapter includes a listing")
        + 19;
    let spec = &content[start..start + content[start..].find("}}").expect("closed")];
    let path = spec.split(':').next().expect("path").trim();
    chapter.parent().expect("dir").join(path)
}

#[test]
fn a_listing_that_stops_compiling_fails_the_doctests() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    let listing = first_included_listing(&chapter, &content);
    let mut code = fs::read_to_string(&listing).expect("listing");
    code.push_str("\nconst BROKEN_BY_SELFTEST: u8 = \"not a number\";\n");
    fs::write(&listing, code).expect("write");

    // Only the broken chapter's doctests: the other 1200 would pass and
    // prove nothing about this check, at minutes of CPU per run.
    let output = cargo(
        copy.path(),
        &[
            "test",
            "-p",
            "rust-mastery",
            "--doc",
            "--",
            "ch_01_core_foundations_01_1",
        ],
    );
    let log = text(&output);
    assert!(
        !output.status.success(),
        "doctests passed with a broken listing:\n{log}"
    );
    assert!(
        log.contains("BROKEN_BY_SELFTEST"),
        "the failure should show the broken line:\n{log}"
    );
    assert!(
        log.contains("ch_01_core_foundations_01_1"),
        "the failure should name the chapter:\n{log}"
    );
}

#[test]
fn a_snippet_that_stops_compiling_fails_the_skeptic_tests() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    let marker = "\n```rust\n";
    let at = content
        .find(marker)
        .expect("the chapter has a plain ```rust block")
        + marker.len();
    let broken = format!(
        "{}const BROKEN_BY_SELFTEST: u8 = \"not a number\";\n{}",
        &content[..at],
        &content[at..]
    );
    fs::write(&chapter, broken).expect("write");

    let output = cargo(
        copy.path(),
        // Only the broken chapter's snippets: skeptic compiles each one.
        &[
            "test",
            "-p",
            "rust-mastery",
            "--test",
            "skeptic",
            "--",
            "ch_01_core_foundations_01_1",
        ],
    );
    let log = text(&output);
    assert!(
        !output.status.success(),
        "skeptic passed with a broken snippet:\n{log}"
    );
    assert!(
        log.contains("BROKEN_BY_SELFTEST") || log.contains("mismatched types"),
        "{log}"
    );
    assert!(
        log.contains("ch_01_core_foundations_01_1"),
        "the failure should name the chapter:\n{log}"
    );
}

#[test]
fn a_changed_program_output_fails_the_outputs_check() {
    let copy = copy_repo();
    let examples = copy.path().join("listings/m01-core-foundations/examples");
    let mut listings: Vec<PathBuf> = fs::read_dir(&examples)
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .collect();
    listings.sort();
    let listing = listings
        .into_iter()
        .find(|p| fs::read_to_string(p).is_ok_and(|c| c.contains("println!(\"")))
        .expect("an example that prints");
    let code = fs::read_to_string(&listing).expect("listing");
    fs::write(
        &listing,
        code.replacen("println!(\"", "println!(\"CHANGED BY SELFTEST ", 1),
    )
    .expect("write");

    // Only the changed listing's package: the others run examples against
    // real servers and would pass.
    let output = course(
        copy.path(),
        &["outputs", "--check", "-p", "m01-core-foundations"],
    );
    let log = text(&output);
    assert!(
        !output.status.success(),
        "outputs --check passed after the output changed:\n{log}"
    );
    assert!(
        log.contains("CHANGED BY SELFTEST"),
        "the report should show the new line:\n{log}"
    );
    let stem = listing
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    assert!(
        log.contains(&format!("outputs/{stem}.txt")),
        "the report should name the file:\n{log}"
    );
}

#[test]
fn an_unknown_fence_attribute_fails_the_lint() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    fs::write(
        &chapter,
        content.replacen("```rust\n", "```rust,norun\n", 1),
    )
    .expect("write");

    let output = course(copy.path(), &["lint"]);
    let log = text(&output);
    assert!(
        !output.status.success(),
        "lint passed with an unknown attribute:\n{log}"
    );
    assert!(
        log.contains("unknown code-block attribute `norun` (did you mean `no_run`?)"),
        "{log}"
    );
    assert!(
        log.contains("src/01-core-foundations/01.1-variables-mutability-shadowing.md:"),
        "{log}"
    );
}

#[test]
fn a_bridge_section_without_its_capstone_file_fails_the_lint() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    let start = content
        .find("## In the outbox bridge")
        .expect("01.1 has a bridge section");
    let end = start
        + content[start..]
            .find("\n## Pitfalls")
            .expect("then pitfalls");
    let section = &content[start..end];
    assert!(
        section.contains("listings/outbox-"),
        "the section names a capstone file"
    );
    let stripped = section.replace("listings/outbox-", "listings/elsewhere-");
    fs::write(&chapter, content.replacen(section, &stripped, 1)).expect("write");

    let output = course(copy.path(), &["lint"]);
    let log = text(&output);
    assert!(
        !output.status.success(),
        "lint passed with a bridge section that names no capstone file:\n{log}"
    );
    assert!(
        log.contains("must name the capstone file it describes"),
        "{log}"
    );
}

#[test]
fn an_exercise_without_an_answer_fails_the_lint() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    let answers = content.find("### Answers").expect("01.1 has answers");
    let exercises = content[..answers].trim_end().to_owned();
    fs::write(
        &chapter,
        format!(
            "{exercises}\n99. An exercise added by the selftest.\n\n{}",
            &content[answers..]
        ),
    )
    .expect("write");

    let output = course(copy.path(), &["lint"]);
    let log = text(&output);
    assert!(
        !output.status.success(),
        "lint passed with an unanswered exercise:\n{log}"
    );
    assert!(log.contains("need answers numbered"), "{log}");
}

#[test]
fn the_unchanged_copy_passes_the_lint() {
    // The three failures above are caused by the change, not by the copy.
    let copy = copy_repo();
    let output = course(copy.path(), &["lint"]);
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn an_include_of_a_missing_file_is_a_build_error_naming_chapter_and_path() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    let listing = first_included_listing(&chapter, &content);
    let name = listing
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let broken = content.replacen(
        &format!("examples/{name}"),
        "examples/missing_by_selftest.rs",
        1,
    );
    fs::write(&chapter, broken).expect("write");

    let output = cargo(copy.path(), &["build", "-p", "rust-mastery"]);
    let log = text(&output);
    assert!(
        !output.status.success(),
        "the book built without an included file:\n{log}"
    );
    assert!(
        log.contains(
            "src/01-core-foundations/01.1-variables-mutability-shadowing.md: \
             {{#rustdoc_include ../../listings/m01-core-foundations/examples/missing_by_selftest.rs"
        ),
        "the error should name the chapter and the helper:\n{log}"
    );
    assert!(
        log.contains("cannot read ")
            && log.contains("examples/missing_by_selftest.rs: No such file"),
        "and the path it could not read:\n{log}"
    );
}

#[test]
fn a_broken_diagram_fails_the_browser_check() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    assert!(content.contains("```mermaid\n"), "01.1 has a diagram");
    fs::write(
        &chapter,
        content.replacen(
            "```mermaid\n",
            "```mermaid\nflowchart LR\n    A --> ][ broken by the selftest\n",
            1,
        ),
    )
    .expect("write");

    let (passed, log) = browser_check(copy.path(), PAGE_01_1);
    assert!(!passed, "the browser check passed a broken diagram:\n{log}");
    assert!(log.contains(&format!("{PAGE_01_1}: diagram 1 ")), "{log}");
}

#[test]
fn a_run_button_on_code_the_playground_cannot_build_fails_the_browser_check() {
    let copy = copy_repo();
    let chapter = copy
        .path()
        .join("src/14-outbox-bridge/14.2-outbox-store.md");
    let content = fs::read_to_string(&chapter).expect("14.2 exists");
    // Its first noplayground block uses sqlx; without the attribute, mdBook
    // gives it a Run button (the lint would object first; this skips it).
    fs::write(
        &chapter,
        content.replacen("```rust,noplayground\n", "```rust\n", 1),
    )
    .expect("write");

    let page = "14-outbox-bridge/14.2-outbox-store.html";
    let (passed, log) = browser_check(copy.path(), page);
    assert!(
        !passed,
        "the browser check passed a Run button on sqlx code:\n{log}"
    );
    assert!(log.contains("which the Playground lacks"), "{log}");
}

#[test]
fn a_console_error_fails_the_browser_check() {
    let copy = copy_repo();
    let (chapter, content) = module_01_chapter(copy.path());
    fs::write(
        &chapter,
        format!("{content}\n<script>console.error(\"broken by the selftest\")</script>\n"),
    )
    .expect("write");

    let (passed, log) = browser_check(copy.path(), PAGE_01_1);
    assert!(!passed, "the browser check passed a console error:\n{log}");
    assert!(
        log.contains(&format!(
            "{PAGE_01_1}: console error: broken by the selftest"
        )),
        "{log}"
    );
}

#[test]
fn a_leak_in_the_c_program_fails_the_ffi_step() {
    let copy = copy_repo();
    let program = copy.path().join("listings/m12-c/c/main.c");
    let text_before = fs::read_to_string(&program).expect("c/main.c exists");
    // The explanation string of a refused message comes from Rust; without
    // this call nobody frees it.
    let leaking = text_before.replacen("    outbox_string_free(why);\n", "", 1);
    assert_ne!(
        leaking, text_before,
        "c/main.c frees `why` as the lesson shows"
    );
    fs::write(&program, leaking).expect("write c/main.c");
    let output = course_with(copy.path(), &["ffi"], &[("COURSE_FFI_PARTS", "c")]);
    let printed = text(&output);
    assert!(
        !output.status.success(),
        "the leak went unnoticed:\n{printed}"
    );
    assert!(
        printed.contains("definitely lost") && printed.contains("under valgrind"),
        "valgrind should name the leak:\n{printed}"
    );
}
