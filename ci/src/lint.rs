//! The book's rules that mdBook, rustdoc and skeptic do not enforce.
//!
//! mdBook silently accepts a typo like `rust,norun` (and then runs the code),
//! includes nothing for a misspelt anchor, and never notices a chapter missing
//! from SUMMARY.md; these checks do.

use crate::expand::{self, Selection};
use crate::markdown::{CodeBlock, code_blocks, line_of};
use crate::playground::missing_on_playground;
use crate::preprocess::runs_on_playground;
use crate::project::{Project, normalize};
use crate::sections;
use anyhow::Result;
use regex::Regex;
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Languages a code block may declare.
const LANGUAGES: &[&str] = &[
    "rust",
    "text",
    "console",
    "sh",
    "bash",
    "toml",
    "json",
    "yaml",
    "mermaid",
    "go",
    "python",
    "typescript",
    "javascript",
    "c",
    "sql",
    "diff",
    "dockerfile",
    "ini",
    "html",
    "css",
    "makefile",
];

/// Attributes a Rust block may carry, besides error codes after `compile_fail`.
const RUST_ATTRIBUTES: &[&str] = &[
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "noplayground",
    "editable",
    "edition2021",
    "edition2024",
];

static ERROR_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^E\d{4}$").expect("valid regex"));
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(TODO|TBD|FIXME|lorem ipsum|coming soon|to be written)\b")
        .expect("valid regex")
});
static IGNORE_REASON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<!--\s*ignore:\s*\S.*-->$").expect("valid regex"));
static LESSON_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*- \[(\d\d\.\d+) ").expect("valid regex"));
static SUMMARY_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(([^)]*)\)").expect("valid regex"));

/// One rule broken at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Checks the whole book and the listings' manifests.
pub fn lint(project: &Project) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let lessons = lesson_ids(project)?;
    for chapter in project.chapters()? {
        let text = fs::read_to_string(&chapter)?;
        problems.extend(lint_chapter(project, &chapter, &text));
        let file = project.relative(&chapter);
        let mut found = sections::check(&project.root, &chapter, &text, &lessons);
        if file == sections::KEY_CONCEPTS {
            found.extend(sections::check_key_concepts(&project.root, &text));
        }
        problems.extend(found.into_iter().map(|(line, message)| Problem {
            file: file.clone(),
            line,
            message,
        }));
    }
    problems.extend(lint_summary(project)?);
    problems.extend(lint_example_tests(project)?);
    problems.sort();
    Ok(problems)
}

/// Checks one chapter's text.
pub fn lint_chapter(project: &Project, chapter: &Path, text: &str) -> Vec<Problem> {
    let file = project.relative(chapter);
    let dir = chapter.parent().unwrap_or(&project.root).to_path_buf();
    let mut problems = Vec::new();
    let mut report = |line: usize, message: String| {
        problems.push(Problem {
            file: file.clone(),
            line,
            message,
        })
    };

    for m in PLACEHOLDER.find_iter(text) {
        report(
            line_of(text, m.start()),
            format!("placeholder text `{}`", m.as_str()),
        );
    }

    for link in expand::find_links(text) {
        let line = line_of(text, link.span.start);
        if let Some(Selection::Lines { .. }) = link.selection() {
            report(
                line,
                format!(
                    "{}: include by a named ANCHOR, not by line numbers",
                    link.text
                ),
            );
            continue;
        }
        if let Err(e) = expand::expand(&link.text, &dir) {
            report(line, e.to_string());
        }
        // mdBook pastes a file's lines in with no indentation, so an include
        // indented into a list item ends the item after its first line: the
        // rest of the listing, hidden lines too, lands outside the fence.
        let line_start = text[..link.span.start].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..link.span.start]
            .chars()
            .any(char::is_whitespace)
            && expand::expand(&link.text, &dir).is_ok_and(|e| e.text.trim_end().contains('\n'))
        {
            report(
                line,
                format!(
                    "{}: an indented include of several lines breaks out of its list item; put the block after the list",
                    link.text
                ),
            );
        }
    }

    let lines: Vec<&str> = text.lines().collect();
    for block in code_blocks(text) {
        for message in check_block(&block, &lines, &dir, project) {
            report(block.line, message);
        }
    }
    problems
}

fn check_block(block: &CodeBlock, lines: &[&str], dir: &Path, project: &Project) -> Vec<String> {
    let mut problems = Vec::new();
    if !block.closed {
        problems.push("code block is never closed".to_owned());
        return problems;
    }
    let attributes = block.attributes();
    let Some((&language, rest)) = attributes.split_first() else {
        problems.push("code block without a language (rustdoc would compile it as Rust): add one, e.g. `text`".into());
        return problems;
    };
    if !LANGUAGES.contains(&language) {
        problems.push(format!(
            "unknown code-block language `{language}`{}",
            suggestion(language, LANGUAGES)
        ));
        return problems;
    }
    if language != "rust" {
        for attribute in rest {
            problems.push(format!(
                "unknown attribute `{attribute}` on a `{language}` block"
            ));
        }
        return problems;
    }

    let compile_fail = rest.contains(&"compile_fail");
    for &attribute in rest {
        if ERROR_CODE.is_match(attribute) {
            if !compile_fail {
                problems.push(format!("error code `{attribute}` without `compile_fail`"));
            }
        } else if !RUST_ATTRIBUTES.contains(&attribute) {
            problems.push(format!(
                "unknown code-block attribute `{attribute}`{}",
                suggestion(attribute, RUST_ATTRIBUTES)
            ));
        }
    }

    if rest.contains(&"ignore") {
        let reason = lines[..block.line - 1]
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty());
        if !reason.is_some_and(|l| IGNORE_REASON.is_match(l)) {
            problems
                .push("`ignore` needs a reason on the line before: `<!-- ignore: why -->`".into());
        }
    }

    let includes: Vec<PathBuf> = expand::find_links(&block.body)
        .iter()
        .filter_map(|l| l.path().map(|p| normalize(&dir.join(p))))
        .collect();

    if compile_fail {
        let codes: Vec<&str> = rest
            .iter()
            .copied()
            .filter(|a| ERROR_CODE.is_match(a))
            .collect();
        if codes.is_empty() {
            problems.push("`compile_fail` without the error code it must fail with (e.g. `compile_fail,E0382`)".into());
        }
        match includes.iter().find(|p| p.parent().is_some_and(|d| d.ends_with("compile_fail"))) {
            None => problems.push(
                "a `compile_fail` block must include a listing from a `compile_fail/` directory, so its real error text is generated beside it".into(),
            ),
            Some(listing) => {
                let stderr = stderr_for(listing);
                match fs::read_to_string(&stderr) {
                    Err(_) => problems.push(format!(
                        "{} is missing: run `cargo course outputs --bless`",
                        project.relative(&stderr)
                    )),
                    Ok(text) => {
                        for code in &codes {
                            if !text.contains(&format!("error[{code}]")) {
                                problems.push(format!(
                                    "the fence says {code} but {} has no `error[{code}]`",
                                    project.relative(&stderr)
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    if rest.contains(&"noplayground") && includes.is_empty() {
        problems.push(
            "a `noplayground` block must include a listing, so its caption tells readers how to run it locally".into(),
        );
    }

    if runs_on_playground(block)
        && let Ok(expanded) = expand::expand(&block.body, dir)
    {
        let missing = missing_on_playground(&expanded.text);
        if !missing.is_empty() {
            problems.push(format!(
                "uses {} which the Rust Playground lacks: mark the block `noplayground`",
                missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    problems
}

/// `listings/x/compile_fail/name.rs` → `listings/x/outputs/name.stderr`.
pub fn stderr_for(listing: &Path) -> PathBuf {
    let stem = listing
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let crate_dir = listing
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    crate_dir.join("outputs").join(format!("{stem}.stderr"))
}

fn suggestion(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// The ids of every lesson SUMMARY.md lists, written or draft (`"04.5"`).
fn lesson_ids(project: &Project) -> Result<BTreeSet<String>> {
    let summary = fs::read_to_string(project.src().join("SUMMARY.md"))?;
    Ok(LESSON_TITLE
        .captures_iter(&summary)
        .map(|caps| caps[1].to_owned())
        .collect())
}

/// Every chapter is in SUMMARY.md, and every SUMMARY.md link exists.
fn lint_summary(project: &Project) -> Result<Vec<Problem>> {
    let summary_path = project.src().join("SUMMARY.md");
    let summary = fs::read_to_string(&summary_path)?;
    let mut problems = Vec::new();
    let mut linked = BTreeSet::new();
    for (index, line) in summary.lines().enumerate() {
        for caps in SUMMARY_LINK.captures_iter(line) {
            let target = caps[1].trim();
            if target.is_empty() {
                continue; // a draft chapter
            }
            let path = normalize(&project.src().join(target));
            if !path.is_file() {
                problems.push(Problem {
                    file: "src/SUMMARY.md".into(),
                    line: index + 1,
                    message: format!("links to {target}, which does not exist"),
                });
            }
            linked.insert(path);
        }
    }
    for chapter in project.chapters()? {
        if !linked.contains(&chapter) {
            problems.push(Problem {
                file: project.relative(&chapter),
                line: 1,
                message: "this chapter is not in src/SUMMARY.md, so the book never shows it".into(),
            });
        }
    }
    Ok(problems)
}

/// An example with unit tests must say `test = true`, or `cargo test` skips them;
/// and no two crates may have an example of the same name, because Cargo
/// writes both to `target/debug/examples/NAME` and one overwrites the other
/// (the outputs check would then run the wrong program).
fn lint_example_tests(project: &Project) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut owners: std::collections::BTreeMap<String, String> = Default::default();
    for krate in project.listing_crates()? {
        let manifest_path = krate.dir.join("Cargo.toml");
        let manifest = fs::read_to_string(&manifest_path)?;
        let tested = tested_examples(&manifest);
        let Ok(entries) = fs::read_dir(krate.dir.join("examples")) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let has_tests = fs::read_to_string(&path)?.contains("#[cfg(test)]");
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(other) = owners.insert(name.clone(), krate.package.clone()) {
                problems.push(Problem {
                    file: project.relative(&path),
                    line: 1,
                    message: format!(
                        "example `{name}` exists in {other} too: Cargo builds both to target/debug/examples/{name}, so rename one"
                    ),
                });
            }
            if has_tests && !tested.contains(&name) {
                problems.push(Problem {
                    file: project.relative(&manifest_path),
                    line: 1,
                    message: format!(
                        "example `{name}` has unit tests that `cargo test` never runs: add [[example]] name = \"{name}\" with test = true"
                    ),
                });
            }
        }
    }
    Ok(problems)
}

/// Names of the `[[example]]` tables that set `test = true`.
fn tested_examples(manifest: &str) -> BTreeSet<String> {
    let mut tested = BTreeSet::new();
    let mut name = None;
    let mut in_example = false;
    let mut test = false;
    let mut flush = |name: &mut Option<String>, test: &mut bool| {
        if let (Some(n), true) = (name.take(), *test) {
            tested.insert(n);
        }
        *test = false;
    };
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            flush(&mut name, &mut test);
            in_example = line == "[[example]]";
        } else if in_example && let Some((key, value)) = line.split_once('=') {
            match key.trim() {
                "name" => name = Some(value.trim().trim_matches('"').to_owned()),
                "test" => test = value.trim() == "true",
                _ => {}
            }
        }
    }
    flush(&mut name, &mut test);
    tested
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        let krate = root.join("listings/m01-demo");
        for sub in ["examples", "outputs", "compile_fail"] {
            fs::create_dir_all(krate.join(sub)).expect("mkdir");
        }
        fs::create_dir_all(root.join("src/01")).expect("mkdir");
        fs::write(krate.join("Cargo.toml"), "[package]\nname = \"m01-demo\"\n").expect("write");
        fs::write(
            krate.join("examples/hello.rs"),
            "// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
        )
        .expect("write");
        fs::write(
            krate.join("compile_fail/twice.rs"),
            "fn main() { let x = 1; x = 2; }\n",
        )
        .expect("write");
        fs::write(
            krate.join("outputs/twice.stderr"),
            "error[E0384]: cannot assign twice\n",
        )
        .expect("write");
        (dir, Project { root })
    }

    fn messages(p: &Project, text: &str) -> Vec<String> {
        lint_chapter(p, &p.root.join("src/01/ch.md"), text)
            .into_iter()
            .map(|problem| problem.message)
            .collect()
    }

    #[test]
    fn a_clean_chapter_passes() {
        let (_dir, p) = project();
        let text = "# Title\n\n```rust\n{{#rustdoc_include ../../listings/m01-demo/examples/hello.rs:main}}\n```\n\n```rust,compile_fail,E0384\n{{#rustdoc_include ../../listings/m01-demo/compile_fail/twice.rs}}\n```\n\n```text\n{{#include ../../listings/m01-demo/outputs/twice.stderr}}\n```\n";
        assert_eq!(messages(&p, text), Vec::<String>::new());
    }

    #[test]
    fn unknown_attributes_are_rejected_with_a_suggestion() {
        let (_dir, p) = project();
        let found = messages(&p, "```rust,norun\nfn main() {}\n```\n");
        assert_eq!(
            found,
            ["unknown code-block attribute `norun` (did you mean `no_run`?)"]
        );
        let found = messages(&p, "```rsut\nfn main() {}\n```\n");
        assert_eq!(
            found,
            ["unknown code-block language `rsut` (did you mean `rust`?)"]
        );
    }

    #[test]
    fn bare_fences_are_rejected() {
        let (_dir, p) = project();
        assert_eq!(messages(&p, "```\nplain\n```\n").len(), 1);
    }

    #[test]
    fn ignore_needs_a_reason() {
        let (_dir, p) = project();
        assert_eq!(messages(&p, "```rust,ignore\nfn main() {}\n```\n").len(), 1);
        assert!(
            messages(
                &p,
                "<!-- ignore: pseudo-code, not Rust -->\n```rust,ignore\nx\n```\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn line_ranges_missing_files_and_anchors_are_rejected() {
        let (_dir, p) = project();
        let found = messages(
            &p,
            "```text\n{{#include ../../listings/m01-demo/examples/hello.rs:1:2}}\n```\n",
        );
        assert!(found[0].contains("not by line numbers"), "{found:?}");
        let found = messages(
            &p,
            "```text\n{{#include ../../listings/m01-demo/examples/nope.rs}}\n```\n",
        );
        assert!(found[0].contains("cannot read"), "{found:?}");
        let found = messages(
            &p,
            "```rust\n{{#rustdoc_include ../../listings/m01-demo/examples/hello.rs:nope}}\n```\n",
        );
        assert!(found[0].contains("ANCHOR: nope"), "{found:?}");
    }

    #[test]
    fn an_indented_include_of_several_lines_is_rejected() {
        let (_dir, p) = project();
        fs::write(
            p.root.join("listings/m01-demo/examples/two.rs"),
            "fn helper() {}\nfn main() { helper() }\n",
        )
        .expect("write");
        let indented = "- item:\n\n  ```rust\n  {{#rustdoc_include ../../listings/m01-demo/examples/two.rs}}\n  ```\n";
        let found = messages(&p, indented);
        assert!(
            found
                .iter()
                .any(|m| m.contains("breaks out of its list item")),
            "{found:?}"
        );
        let one_line = "- item: `{{#include ../../listings/m01-demo/examples/hello.rs:main}}`\n";
        assert!(
            !messages(&p, one_line)
                .iter()
                .any(|m| m.contains("breaks out of its list item"))
        );
    }

    #[test]
    fn compile_fail_needs_a_code_a_listing_and_matching_output() {
        let (_dir, p) = project();
        let found = messages(
            &p,
            "```rust,compile_fail\nfn main() { let x = 1; x = 2; }\n```\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        let found = messages(
            &p,
            "```rust,compile_fail,E0382\n{{#rustdoc_include ../../listings/m01-demo/compile_fail/twice.rs}}\n```\n",
        );
        assert_eq!(
            found,
            [
                "the fence says E0382 but listings/m01-demo/outputs/twice.stderr has no `error[E0382]`"
            ]
        );
    }

    #[test]
    fn crates_missing_on_the_playground_need_noplayground() {
        let (_dir, p) = project();
        let found = messages(&p, "```rust,no_run\nuse sqlx::Pool;\nfn main() {}\n```\n");
        assert_eq!(
            found,
            ["uses `sqlx` which the Rust Playground lacks: mark the block `noplayground`"]
        );
        assert!(messages(&p, "```rust\nuse tokio::sync::mpsc;\nfn main() {}\n```\n").is_empty());
    }

    #[test]
    fn placeholders_are_rejected() {
        let (_dir, p) = project();
        assert_eq!(
            messages(&p, "This part is coming soon.\n"),
            ["placeholder text `coming soon`"]
        );
    }

    #[test]
    fn two_crates_may_not_share_an_example_name() {
        let (_dir, p) = project();
        assert!(lint_example_tests(&p).expect("lint").is_empty());
        let other = p.root.join("listings/m02-demo");
        fs::create_dir_all(other.join("examples")).expect("mkdir");
        fs::write(other.join("Cargo.toml"), "[package]\nname = \"m02-demo\"\n").expect("write");
        fs::write(other.join("examples/hello.rs"), "fn main() {}\n").expect("write");
        let found = lint_example_tests(&p).expect("lint");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("example `hello` exists in"),
            "{found:?}"
        );
    }

    #[test]
    fn tested_examples_are_read_from_the_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[[example]]\nname = \"a\"\ntest = true\n\n[[example]]\nname = \"b\"\n";
        assert_eq!(
            tested_examples(manifest).into_iter().collect::<Vec<_>>(),
            ["a"]
        );
    }
}
