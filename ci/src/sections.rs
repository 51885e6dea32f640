//! Rules about a chapter's prose that keep the course's promises checkable.
//!
//! - Every exercise has an answer: a lesson's `## Try it` list is followed by
//!   `### Answers` with one folded `<details class="answer">` per exercise, in
//!   order, so a reader can always reveal a worked answer.
//! - Every `In the outbox bridge` section names the capstone file it describes
//!   (an include or a link under `listings/outbox-*`), and that file exists:
//!   the section can then be checked against the code, and cannot go stale
//!   silently when a file is renamed.
//! - Every link into the repository's source points at a file that exists.
//! - Every "lesson NN.N" the prose refers to is a lesson of the book.
//! - The Key Concept Clusters page ties the course together: each concept
//!   links the lessons that teach it (`**Where.**`) and the capstone code that
//!   uses it (`**In the bridge.**`), and every written module is linked.

use crate::markdown::code_blocks;
use crate::project::normalize;
use regex::Regex;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Where the book links to a file of the repository (book.toml's repository URL).
pub const REPOSITORY_BLOB: &str = "https://github.com/rust-mastery/rust-mastery/blob/main/";

/// The page that maps each concept to its lessons and capstone code, from the repository root.
pub const KEY_CONCEPTS: &str = "src/key-concepts.md";

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").expect("valid regex"));
static EXERCISE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\.\s").expect("valid regex"));
static ANSWER_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^<details class="answer">\s*$"#).expect("valid regex"));
static SUMMARY_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<summary>(\d+)\.\s+\S.*</summary>\s*$").expect("valid regex"));
static CAPSTONE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"listings/outbox-(?:core|store|relay|bridge)/[A-Za-z0-9_./-]*[A-Za-z0-9_]")
        .expect("valid regex")
});
static BLOB_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}([A-Za-z0-9_./-]*[A-Za-z0-9_])",
        regex::escape(REPOSITORY_BLOB)
    ))
    .expect("valid regex")
});
static LESSON_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Ll]essons?\s+(\d\d\.\d+)\b").expect("valid regex"));
static LESSON_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d\d\.\d+-").expect("valid regex"));
static MODULE_DIR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d\d-").expect("valid regex"));
/// A Markdown link's target: `[text](target)` or `[text](target "title")`.
static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(([^)\s]+)[^)]*\)").expect("valid regex"));

/// A heading and the lines it governs (up to the next heading of the same or a higher level).
#[derive(Debug)]
struct Section<'t> {
    level: usize,
    title: &'t str,
    /// One-based line of the heading.
    line: usize,
    /// Zero-based indices of the body's lines (after the heading).
    body: std::ops::Range<usize>,
}

/// The text's lines with every fenced code block blanked out, so headings,
/// lists and tags inside code are not mistaken for prose.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    for block in code_blocks(text) {
        // The block's own lines: from its opening fence to its closing one.
        let first = block.line - 1;
        let end = (first + text[block.span.clone()].lines().count()).min(lines.len());
        for line in &mut lines[first..end] {
            *line = "";
        }
    }
    lines
}

fn sections<'t>(lines: &[&'t str]) -> Vec<Section<'t>> {
    let headings: Vec<(usize, usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            HEADING
                .captures(line)
                .map(|c| (i, c[1].len(), c.get(2).map_or("", |m| m.as_str())))
        })
        .collect();
    headings
        .iter()
        .enumerate()
        .map(|(k, &(index, level, title))| {
            let end = headings[k + 1..]
                .iter()
                .find(|&&(_, other, _)| other <= level)
                .map_or(lines.len(), |&(i, _, _)| i);
            Section {
                level,
                title,
                line: index + 1,
                body: index + 1..end,
            }
        })
        .collect()
}

/// Every problem of one chapter: (one-based line, message).
///
/// `root` is the repository (capstone paths are relative to it); `lessons`
/// holds the ids of the book's lessons (`"04.5"`), written or not.
pub fn check(
    root: &Path,
    chapter: &Path,
    text: &str,
    lessons: &BTreeSet<String>,
) -> Vec<(usize, String)> {
    let lines = prose_lines(text);
    let sections = sections(&lines);
    let mut problems = Vec::new();

    let is_lesson = chapter
        .file_name()
        .is_some_and(|n| LESSON_FILE.is_match(&n.to_string_lossy()));
    if is_lesson {
        problems.extend(check_answers(&lines, &sections));
    }

    for section in sections
        .iter()
        .filter(|s| s.title.eq_ignore_ascii_case("In the outbox bridge"))
    {
        let body = &lines[section.body.clone()];
        let named: Vec<&str> = body
            .iter()
            .flat_map(|line| CAPSTONE_PATH.find_iter(line).map(|m| m.as_str()))
            .collect();
        // Includes inside the section's code blocks count too: read the raw text.
        let raw: Vec<&str> = text
            .lines()
            .skip(section.body.start)
            .take(section.body.len())
            .collect();
        let included: Vec<&str> = raw
            .iter()
            .filter(|line| line.contains("{{#"))
            .flat_map(|line| CAPSTONE_PATH.find_iter(line).map(|m| m.as_str()))
            .collect();
        if named.is_empty() && included.is_empty() {
            problems.push((
                section.line,
                "an \"In the outbox bridge\" section must name the capstone file it describes: \
                 include it, or link it as listings/outbox-…/src/….rs"
                    .to_owned(),
            ));
        }
        for path in named.iter().chain(&included) {
            if !root.join(path).exists() {
                problems.push((section.line, format!("names {path}, which does not exist")));
            }
        }
    }

    for (index, line) in lines.iter().enumerate() {
        for caps in BLOB_LINK.captures_iter(line) {
            let path = &caps[1];
            if !root.join(path).exists() {
                problems.push((
                    index + 1,
                    format!("links to {path} in the repository, which does not exist"),
                ));
            }
        }
        for caps in LESSON_REFERENCE.captures_iter(line) {
            let id = &caps[1];
            if !lessons.contains(id) {
                problems.push((
                    index + 1,
                    format!("refers to lesson {id}, which is not in src/SUMMARY.md"),
                ));
            }
        }
    }
    problems
}

/// `## Try it` with N numbered exercises, then `### Answers` with N answers in order.
fn check_answers(lines: &[&str], sections: &[Section<'_>]) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let Some(try_it) = sections
        .iter()
        .find(|s| s.level == 2 && s.title == "Try it")
    else {
        return vec![(
            1,
            "a lesson ends with a `## Try it` section of exercises".to_owned(),
        )];
    };
    let answers = sections
        .iter()
        .find(|s| s.level == 3 && s.title == "Answers" && try_it.body.contains(&(s.line - 1)));
    let exercises_end = answers.map_or(try_it.body.end, |a| a.line - 1);
    let exercises: Vec<usize> = lines[try_it.body.start..exercises_end]
        .iter()
        .filter_map(|line| EXERCISE.captures(line).and_then(|c| c[1].parse().ok()))
        .collect();
    let Some(answers) = answers else {
        return vec![(
            try_it.line,
            format!(
                "`## Try it` has {} exercise(s) but no `### Answers` section with a \
                 `<details class=\"answer\">` for each",
                exercises.len()
            ),
        )];
    };

    let body = &lines[answers.body.clone()];
    let mut found = Vec::new();
    let mut index = 0;
    while index < body.len() {
        if !ANSWER_OPEN.is_match(body[index]) {
            index += 1;
            continue;
        }
        let line = answers.body.start + index + 1;
        let Some(close) = body[index..].iter().position(|l| l.trim() == "</details>") else {
            problems.push((line, "an answer's `<details>` is never closed".to_owned()));
            break;
        };
        let inner = &body[index + 1..index + close];
        let number = inner
            .first()
            .and_then(|l| SUMMARY_LINE.captures(l))
            .and_then(|c| c[1].parse::<usize>().ok());
        if inner.first().is_some_and(|l| l.contains('`')) {
            problems.push((
                line + 1,
                "Markdown is not rendered inside <summary>: write <code>…</code> (with &lt; for <), not backticks"
                    .to_owned(),
            ));
        }
        match number {
            None => problems.push((
                line,
                "an answer starts with `<summary>N. title</summary>` on the line after `<details class=\"answer\">`"
                    .to_owned(),
            )),
            Some(n) => found.push((line, n)),
        }
        if inner.iter().skip(1).all(|l| l.trim().is_empty()) {
            // Code blocks were blanked out, so look for any prose or include line.
            problems.push((line, "an answer has no text".to_owned()));
        }
        index += close + 1;
    }

    let expected: Vec<usize> = (1..=exercises.len()).collect();
    let numbers: Vec<usize> = found.iter().map(|&(_, n)| n).collect();
    if exercises != expected {
        problems.push((
            try_it.line,
            format!(
                "exercises should be numbered 1..{}, found {exercises:?}",
                exercises.len()
            ),
        ));
    }
    if numbers != expected {
        problems.push((
            answers.line,
            format!(
                "{} exercise(s) need answers numbered {expected:?} in order; found {numbers:?}",
                exercises.len()
            ),
        ));
    }
    problems
}

/// The Key Concept Clusters page ([`KEY_CONCEPTS`]): every `## ` concept has a
/// `**Where.**` paragraph that links at least one lesson file, and an
/// `**In the bridge.**` paragraph that links at least one capstone file that
/// exists; every relative link resolves; and the page links a lesson of every
/// module folder (`src/NN-…/`) that has one. Returns (one-based line, message).
///
/// `root` is the repository; the page's relative links resolve from `src/`.
pub fn check_key_concepts(root: &Path, text: &str) -> Vec<(usize, String)> {
    let src = root.join("src");
    let lines = prose_lines(text);
    let mut problems = Vec::new();

    let mut linked_modules = BTreeSet::new();
    for (index, line) in lines.iter().enumerate() {
        for target in relative_links(line) {
            let path = normalize(&src.join(target));
            if !path.exists() {
                problems.push((
                    index + 1,
                    format!("links to {target}, which does not exist under src/"),
                ));
            } else if let Some(module) = lesson_module(&src, &path) {
                linked_modules.insert(module);
            }
        }
    }

    for section in sections(&lines).iter().filter(|s| s.level == 2) {
        let body = &lines[section.body.clone()];
        let title = section.title;
        match paragraph(body, "**Where.**") {
            None => problems.push((
                section.line,
                format!(
                    "\"{title}\" has no `**Where.**` paragraph: add one that links the lessons teaching it"
                ),
            )),
            Some(where_) => {
                let links_a_lesson = where_
                    .iter()
                    .flat_map(|&line| relative_links(line))
                    .any(|t| lesson_module(&src, &normalize(&src.join(t))).is_some());
                if !links_a_lesson {
                    problems.push((
                        section.line,
                        format!(
                            "the `**Where.**` of \"{title}\" links no lesson: link each lesson it names, \
                             e.g. [02.1](02-ownership-borrowing-lifetimes/02.1-ownership-model.md)"
                        ),
                    ));
                }
            }
        }
        match paragraph(body, "**In the bridge.**") {
            None => problems.push((
                section.line,
                format!(
                    "\"{title}\" has no `**In the bridge.**` paragraph: add one that links the capstone code using it"
                ),
            )),
            Some(bridge) => {
                let links_capstone = bridge
                    .iter()
                    .flat_map(|line| BLOB_LINK.captures_iter(line))
                    .any(|caps| {
                        let path = &caps[1];
                        CAPSTONE_PATH.find(path).is_some_and(|m| m.start() == 0)
                            && root.join(path).exists()
                    });
                if !links_capstone {
                    problems.push((
                        section.line,
                        format!(
                            "the `**In the bridge.**` of \"{title}\" links no capstone file that exists: \
                             link one as {REPOSITORY_BLOB}listings/outbox-…/src/….rs"
                        ),
                    ));
                }
            }
        }
    }

    for module in module_dirs(&src) {
        if !linked_modules.contains(&module) {
            problems.push((
                1,
                format!(
                    "links no lesson of src/{module}/: link its lessons from the `**Where.**` of the \
                     concept they teach, or add a concept section for them"
                ),
            ));
        }
    }
    problems
}

/// The targets of a line's relative Markdown links (not web addresses, not
/// `#anchors` of the same page), without their `#anchor`.
fn relative_links(line: &str) -> Vec<&str> {
    MARKDOWN_LINK
        .captures_iter(line)
        .filter_map(|caps| caps.get(1))
        .map(|m| m.as_str())
        .filter(|t| !t.contains("://") && !t.starts_with(['#', '/']) && !t.starts_with("mailto:"))
        .map(|t| t.split('#').next().unwrap_or(t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The module folder (`02-ownership-borrowing-lifetimes`) of `path`, if it is
/// a lesson file (`02.1-….md`) in a module folder directly under `src`.
fn lesson_module(src: &Path, path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let dir = path.parent()?;
    let module = dir.file_name()?.to_string_lossy().into_owned();
    let is_lesson = LESSON_FILE.is_match(&name)
        && name.ends_with(".md")
        && MODULE_DIR.is_match(&module)
        && normalize(dir.parent()?) == normalize(src)
        && path.is_file();
    is_lesson.then_some(module)
}

/// The module folders under `src` that hold at least one lesson file, sorted.
fn module_dirs(src: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(src) else {
        return Vec::new();
    };
    let mut modules: Vec<String> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|dir| {
            fs::read_dir(dir).is_ok_and(|files| {
                files
                    .flatten()
                    .any(|f| lesson_module(src, &f.path()).is_some())
            })
        })
        .filter_map(|dir: PathBuf| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    modules.sort();
    modules
}

/// The paragraph of `body` that starts with `label`: that line and the ones
/// after it, up to the next blank line.
fn paragraph<'b, 't>(body: &'b [&'t str], label: &str) -> Option<&'b [&'t str]> {
    let start = body
        .iter()
        .position(|line| line.trim_start().starts_with(label))?;
    let rest = &body[start..];
    let len = rest
        .iter()
        .position(|line| line.trim().is_empty())
        .unwrap_or(rest.len());
    Some(&rest[..len])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = dir.path().join("listings/outbox-core/src");
        fs::create_dir_all(&src).expect("mkdir");
        fs::write(
            src.join("traits.rs"),
            "// ANCHOR: a\npub trait T {}\n// ANCHOR_END: a\n",
        )
        .expect("write");
        dir
    }

    fn lessons() -> BTreeSet<String> {
        ["01.1", "10.3"].into_iter().map(String::from).collect()
    }

    fn problems(root: &Path, text: &str) -> Vec<String> {
        check(root, Path::new("src/01/01.1-x.md"), text, &lessons())
            .into_iter()
            .map(|(line, message)| format!("{line}: {message}"))
            .collect()
    }

    const ANSWERED: &str = "## Try it\n\n1. Do a.\n2. Do b.\n\n### Answers\n\n<details class=\"answer\">\n<summary>1. A</summary>\n\nBecause.\n\n</details>\n\n<details class=\"answer\">\n<summary>2. B</summary>\n\nLike this:\n\n```rust\nfn main() {}\n```\n\n</details>\n";

    #[test]
    fn answered_exercises_pass() {
        let dir = repo();
        assert_eq!(problems(dir.path(), ANSWERED), Vec::<String>::new());
    }

    #[test]
    fn a_missing_or_misnumbered_answer_is_reported() {
        let dir = repo();
        let without = ANSWERED.split("### Answers").next().expect("text");
        let found = problems(dir.path(), without);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("no `### Answers`"), "{found:?}");

        let one_short = ANSWERED.replace("2. Do b.\n", "2. Do b.\n3. Do c.\n");
        let found = problems(dir.path(), &one_short);
        assert!(
            found
                .iter()
                .any(|p| p.contains("need answers numbered [1, 2, 3]")),
            "{found:?}"
        );

        let swapped = ANSWERED.replace("<summary>2. B", "<summary>3. B");
        assert_eq!(problems(dir.path(), &swapped).len(), 1);
    }

    #[test]
    fn a_lesson_without_exercises_is_reported_but_other_pages_are_not() {
        let dir = repo();
        assert_eq!(problems(dir.path(), "# Title\n\nText.\n").len(), 1);
        let page = check(
            dir.path(),
            Path::new("src/01/README.md"),
            "# Title\n",
            &lessons(),
        );
        assert!(page.is_empty(), "{page:?}");
    }

    #[test]
    fn a_bridge_section_must_name_an_existing_capstone_file() {
        let dir = repo();
        // The path under Pitfalls does not count: it is outside the section.
        let bare = format!(
            "{ANSWERED}\n## In the outbox bridge\n\nThe relay does things.\n\n## Pitfalls\n\nSee listings/outbox-core/src/traits.rs.\n"
        );
        let found = problems(dir.path(), &bare);
        assert!(
            found
                .iter()
                .any(|p| p.contains("must name the capstone file")),
            "{found:?}"
        );

        let linked = format!(
            "{ANSWERED}\n## In the outbox bridge\n\nSee [`traits.rs`]({REPOSITORY_BLOB}listings/outbox-core/src/traits.rs).\n"
        );
        assert_eq!(problems(dir.path(), &linked), Vec::<String>::new());

        let included = format!(
            "{ANSWERED}\n## In the outbox bridge\n\n```rust,noplayground\n{{{{#include ../../listings/outbox-core/src/traits.rs:a}}}}\n```\n"
        );
        assert_eq!(problems(dir.path(), &included), Vec::<String>::new());

        let stale = linked.replace("traits.rs)", "trait.rs)");
        let found = problems(dir.path(), &stale);
        assert!(
            found
                .iter()
                .any(|p| p.contains("listings/outbox-core/src/trait.rs, which does not exist")),
            "{found:?}"
        );
    }

    #[test]
    fn backticks_in_a_summary_are_reported() {
        let dir = repo();
        let text = ANSWERED.replace(
            "<summary>1. A</summary>",
            "<summary>1. `Vec<String>`</summary>",
        );
        let found = problems(dir.path(), &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("not rendered inside <summary>"),
            "{found:?}"
        );
    }

    #[test]
    fn lesson_references_must_exist() {
        let dir = repo();
        let text = format!("{ANSWERED}\nLesson 10.3 fans out; lesson 10.9 does not exist.\n");
        let found = problems(dir.path(), &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("lesson 10.9"), "{found:?}");
    }

    /// `repo` plus a book of two modules, each with an intro and one lesson.
    fn book() -> tempfile::TempDir {
        let dir = repo();
        for (module, lesson) in [
            ("01-basics", "01.1-first.md"),
            ("02-more", "02.1-second.md"),
        ] {
            let folder = dir.path().join("src").join(module);
            fs::create_dir_all(&folder).expect("mkdir");
            fs::write(folder.join("README.md"), "# Module\n").expect("write");
            fs::write(folder.join(lesson), "# Lesson\n").expect("write");
        }
        dir
    }

    const FIRST: &str = "[01.1](01-basics/01.1-first.md)";
    const SECOND: &str = "[02.1](02-more/02.1-second.md#a-heading)";

    fn traits_link() -> String {
        format!(
            "[`listings/outbox-core/src/traits.rs`]({REPOSITORY_BLOB}listings/outbox-core/src/traits.rs)"
        )
    }

    fn concept(title: &str, taught: &str, bridge: &str) -> String {
        format!(
            "## {title}\n\n**What it is.** A thing.\n\n**Where.** {taught}\n\n**In the bridge.** {bridge}\n\n"
        )
    }

    fn concept_problems(root: &Path, text: &str) -> Vec<String> {
        check_key_concepts(root, text)
            .into_iter()
            .map(|(line, message)| format!("{line}: {message}"))
            .collect()
    }

    /// The single problem `text` has; fails when it has none or several.
    fn the_one_problem(root: &Path, text: &str) -> String {
        let found = concept_problems(root, text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn a_key_concepts_page_linking_every_module_passes() {
        let dir = book();
        let page = format!(
            "# Key Concept Clusters\n\n{}{}",
            concept(
                "Ownership",
                &format!("Taught in {FIRST}."),
                &format!("The relay owns its batch:\nsee {}.", traits_link())
            ),
            concept(
                "Traits",
                &format!("Taught in {SECOND}, after\nthe [intro](02-more/README.md)."),
                &traits_link()
            ),
        );
        assert_eq!(concept_problems(dir.path(), &page), Vec::<String>::new());
    }

    #[test]
    fn a_concept_without_a_lesson_link_is_reported() {
        let dir = book();
        // A module intro is not a lesson, and an id in plain text is not a link.
        let page = format!(
            "{}{}",
            concept(
                "Ownership",
                "The [intro](02-more/README.md), then 01.1.",
                &traits_link()
            ),
            concept("Traits", &format!("{FIRST} and {SECOND}"), &traits_link()),
        );
        let found = the_one_problem(dir.path(), &page);
        assert!(
            found.starts_with("1: the `**Where.**` of \"Ownership\" links no lesson"),
            "{found}"
        );

        let without = page.replacen("**Where.**", "**Taught.**", 1);
        let found = the_one_problem(dir.path(), &without);
        assert!(
            found.contains("\"Ownership\" has no `**Where.**` paragraph"),
            "{found}"
        );
    }

    #[test]
    fn a_concept_without_a_capstone_link_is_reported() {
        let dir = book();
        // A listing outside the capstone does not count, nor does a capstone
        // link outside the `**In the bridge.**` paragraph.
        fs::create_dir_all(dir.path().join("listings/m01-demo/src")).expect("mkdir");
        fs::write(dir.path().join("listings/m01-demo/src/lib.rs"), "").expect("write");
        let other = format!("[`lib.rs`]({REPOSITORY_BLOB}listings/m01-demo/src/lib.rs)");
        let page = format!(
            "{}{}",
            concept(
                "Ownership",
                &format!("{FIRST}, which uses {}.", traits_link()),
                &format!("The relay owns its batch, as {other} does.")
            ),
            concept("Traits", SECOND, &traits_link()),
        );
        let found = the_one_problem(dir.path(), &page);
        assert!(
            found.contains("the `**In the bridge.**` of \"Ownership\" links no capstone file"),
            "{found}"
        );

        let without = page.replacen("**In the bridge.**", "**Elsewhere.**", 1);
        let found = the_one_problem(dir.path(), &without);
        assert!(
            found.contains("\"Ownership\" has no `**In the bridge.**` paragraph"),
            "{found}"
        );
    }

    #[test]
    fn key_concept_links_to_missing_files_are_reported() {
        let dir = book();
        let page = format!(
            "{}{}",
            concept(
                "Ownership",
                &format!("{FIRST} and [01.2](01-basics/01.2-gone.md)."),
                &traits_link()
            ),
            concept(
                "Traits",
                SECOND,
                &traits_link().replace("traits.rs)", "trait.rs)")
            ),
        );
        let found = concept_problems(dir.path(), &page);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.contains("links to 01-basics/01.2-gone.md, which does not exist")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("of \"Traits\" links no capstone file that exists")),
            "{found:?}"
        );
    }

    #[test]
    fn a_module_the_key_concepts_never_link_is_reported() {
        let dir = book();
        let page = concept("Ownership", FIRST, &traits_link());
        assert_eq!(
            concept_problems(dir.path(), &page),
            [
                "1: links no lesson of src/02-more/: link its lessons from the `**Where.**` of the concept they teach, or add a concept section for them"
            ]
        );
        // A link inside a code block does not count.
        let quoted = format!("{page}```text\n{SECOND}\n```\n");
        assert_eq!(concept_problems(dir.path(), &quoted).len(), 1);
    }

    #[test]
    fn headings_and_lists_inside_code_blocks_are_ignored() {
        let dir = repo();
        let text = format!("```text\n## Try it\n1. not an exercise\n```\n{ANSWERED}");
        assert_eq!(problems(dir.path(), &text), Vec::<String>::new());
    }
}
