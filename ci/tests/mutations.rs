//! The course's checks catch what they promise to catch.
//!
//! Each test copies the repository, breaks one thing a maintainer could break,
//! and runs the part of `cargo course test` that must notice:
//! - an included listing that no longer compiles → the doctests fail;
//! - an inline snippet that no longer compiles → the skeptic tests fail;
//! - a listing that prints something else → `cargo course outputs --check` fails;
//! - an unknown code-fence attribute, a bridge section that names no capstone
//!   file, or an exercise without an answer → `cargo course lint` fails.
//!
//! The copies build in `<target>/selftest`, so they share compiled
//! dependencies between runs without waiting on the outer build's lock.

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
        if ["target", ".git", "book"].iter().any(|skip| name == *skip) {
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
        .args(args)
        .arg("--locked")
        .env("CARGO_TARGET_DIR", selftest_target())
        .env("SKEPTIC_JOBS", "2")
        .output()
        .expect("cargo runs")
}

fn course(copy: &Path, args: &[&str]) -> Output {
    let _one_at_a_time = SHARED_TARGET
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Command::new(env!("CARGO_BIN_EXE_course"))
        .arg("--root")
        .arg(copy)
        .args(args)
        .env("CARGO_TARGET_DIR", selftest_target())
        .output()
        .expect("course runs")
}

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

    let output = cargo(copy.path(), &["test", "-p", "rust-mastery", "--doc"]);
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
        &["test", "-p", "rust-mastery", "--test", "skeptic"],
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

    let output = course(copy.path(), &["outputs", "--check"]);
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
