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

use crate::markdown::code_blocks;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

/// Where the book links to a file of the repository (book.toml's repository URL).
pub const REPOSITORY_BLOB: &str = "https://github.com/rust-mastery/rust-mastery/blob/main/";

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

    #[test]
    fn headings_and_lists_inside_code_blocks_are_ignored() {
        let dir = repo();
        let text = format!("```text\n## Try it\n1. not an exercise\n```\n{ANSWERED}");
        assert_eq!(problems(dir.path(), &text), Vec::<String>::new());
    }
}
