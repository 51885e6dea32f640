//! The `browser` step: the built book, read in Chromium as a reader meets it.
//!
//! `browser/inspect.mjs` drives Debian's Chromium (through playwright-core
//! from npm) over every chapter and writes what it saw as JSON; the rules it
//! is judged by live here, next to the lint and the playground list they
//! share. A page fails on a console error, a diagram that did not render, a
//! Run button on code the Playground cannot build (or a missing one on code
//! it can), a Playground link without the block's hidden lines or edition
//! 2024, a caption naming a file that does not exist, text of the course's
//! own elements too faint in the light or the dark theme, or a search that
//! does not find its lesson.

use crate::playground::missing_on_playground;
use crate::project::{Project, run_checked};
use crate::steps::build_book;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// WCAG's minimum for body text (AA).
pub const MIN_CONTRAST: f64 = 4.5;

/// Words a reader might search for, and the page each must find.
pub const SEARCHES: &[(&str, &str)] = &[
    (
        "shadowing",
        "01-core-foundations/01.1-variables-mutability-shadowing.html",
    ),
    ("advisory", "14-outbox-bridge/14.2-outbox-store.html"),
    (
        "PhantomData",
        "13-advanced-types/13.2-phantomdata-and-zero-cost-abstractions.html",
    ),
];

/// Pages photographed in a light and a dark theme, for a person to look at.
pub const SCREENSHOTS: &[&str] = &[
    "introduction.html",
    "01-core-foundations/01.1-variables-mutability-shadowing.html",
    "14-outbox-bridge/14.5-parallel-processing.html",
];

/// `COURSE_BROWSER_PAGES=a.html,b.html` limits the step to those pages
/// (the tooling's mutation tests use it); the searches still run.
const PAGES_VARIABLE: &str = "COURSE_BROWSER_PAGES";

#[derive(Debug, Deserialize)]
pub struct Report {
    pub pages: Vec<Page>,
    pub searches: Vec<Search>,
    pub screenshots: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Page {
    pub path: String,
    pub errors: Vec<String>,
    pub blocks: Vec<Block>,
    pub diagrams: Vec<Diagram>,
    pub captions: Vec<String>,
    pub contrast: Contrast,
}

#[derive(Debug, Deserialize)]
pub struct Block {
    pub classes: String,
    pub text: String,
    pub run: bool,
    pub link: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Diagram {
    pub svg: bool,
    pub error: bool,
}

#[derive(Debug, Deserialize)]
pub struct Contrast {
    pub light: Vec<Reading>,
    pub dark: Vec<Reading>,
}

#[derive(Debug, Deserialize)]
pub struct Reading {
    pub selector: String,
    pub ratio: f64,
    pub color: String,
}

#[derive(Debug, Deserialize)]
pub struct Search {
    pub query: String,
    pub results: Vec<String>,
}

/// Builds the book, reads it in Chromium and reports what breaks the rules.
pub fn check(project: &Project) -> Result<()> {
    build_book(project)?;
    let chromium = chromium()?;
    let dir = project.root.join("browser");
    npm_ci(
        &dir,
        "npm ci in browser/ (Debian's nodejs and npm are needed)",
    )?;
    let out = project.target_dir().join("browser");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let config = out.join("config.json");
    let searches: Vec<&str> = SEARCHES.iter().map(|(query, _)| *query).collect();
    std::fs::write(
        &config,
        serde_json::json!({
            "playground_crates": crate::playground::PLAYGROUND_CRATES,
            "searches": searches,
            "screenshots": SCREENSHOTS,
        })
        .to_string(),
    )
    .context("writing the browser check's config")?;
    let pages: Vec<String> = std::env::var(PAGES_VARIABLE)
        .map(|v| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    run_checked(
        Command::new("node")
            .arg(dir.join("inspect.mjs"))
            .arg(project.root.join("book/html"))
            .arg(&out)
            .arg(&config)
            .args(&pages)
            .env("CHROMIUM", &chromium),
        "node browser/inspect.mjs",
    )?;
    let report: Report = serde_json::from_slice(
        &std::fs::read(out.join("report.json")).context("reading the browser report")?,
    )
    .context("parsing the browser report")?;
    let problems = problems(&report, &project.root);
    for problem in &problems {
        eprintln!("    {problem}");
    }
    let blocks: usize = report.pages.iter().map(|p| p.blocks.len()).sum();
    let diagrams: usize = report.pages.iter().map(|p| p.diagrams.len()).sum();
    eprintln!(
        "    {} page(s), {blocks} code block(s), {diagrams} diagram(s); screenshots in {}",
        report.pages.len(),
        out.display()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        bail!(
            "{} problem(s) in the book as Chromium shows it",
            problems.len()
        )
    }
}

/// Everything in `report` that breaks a rule, one line each.
pub fn problems(report: &Report, root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if report.pages.is_empty() {
        problems.push("no page was inspected".to_owned());
    }
    let mut faint = BTreeSet::new();
    for page in &report.pages {
        let at = &page.path;
        for error in &page.errors {
            problems.push(format!("{at}: console error: {error}"));
        }
        for (index, diagram) in page.diagrams.iter().enumerate() {
            let n = index + 1;
            if diagram.error {
                problems.push(format!(
                    "{at}: diagram {n} renders as a mermaid syntax error"
                ));
            } else if !diagram.svg {
                problems.push(format!("{at}: diagram {n} did not render"));
            }
        }
        for (index, block) in page.blocks.iter().enumerate() {
            problems.extend(
                block_problems(block)
                    .into_iter()
                    .map(|p| format!("{at}: code block {}: {p}", index + 1)),
            );
        }
        for caption in &page.captions {
            if !root.join(caption).is_file() {
                problems.push(format!(
                    "{at}: the caption names {caption}, which does not exist"
                ));
            }
        }
        for (theme, readings) in [
            ("light", &page.contrast.light),
            ("dark", &page.contrast.dark),
        ] {
            for reading in readings.iter().filter(|r| r.ratio < MIN_CONTRAST) {
                // Once per element and theme: the CSS is the same on every page.
                if faint.insert((theme, reading.selector.clone())) {
                    problems.push(format!(
                        "{at}: `{}` has a contrast of {:.2} in the {theme} theme (color {}; at least {MIN_CONTRAST} needed)",
                        reading.selector, reading.ratio, reading.color
                    ));
                }
            }
        }
    }
    for (query, expected) in SEARCHES {
        match report.searches.iter().find(|s| s.query == *query) {
            Some(search) if search.results.iter().any(|r| r == expected) => {}
            Some(search) => problems.push(format!(
                "searching for {query:?} does not find {expected} (found: {})",
                search.results.join(", ")
            )),
            None => problems.push(format!("the search for {query:?} did not run")),
        }
    }
    problems
}

/// What is wrong with one code block as the page shows it.
fn block_problems(block: &Block) -> Vec<String> {
    let classes: Vec<&str> = block.classes.split_whitespace().collect();
    if classes.contains(&"language-mermaid") {
        return vec!["a mermaid block was left as code instead of a diagram".to_owned()];
    }
    if !classes.contains(&"language-rust") {
        return Vec::new();
    }
    let missing = missing_on_playground(&block.text);
    let may_run = !["noplayground", "noplaypen", "ignore", "no_run"]
        .iter()
        .any(|c| classes.contains(c));
    let mut problems = Vec::new();
    if block.run && !missing.is_empty() {
        problems.push(format!(
            "a Run button on code that uses {}, which the Playground lacks",
            missing.join(", ")
        ));
    } else if !block.run && may_run && missing.is_empty() {
        problems.push("no Run button on code the Playground can run".to_owned());
    }
    if block.run {
        match &block.link {
            None => problems.push("no \"Open in the Rust Playground\" link under it".to_owned()),
            Some(link) => problems.extend(link_problem(link, &block.text)),
        }
    }
    problems
}

/// The Playground link must carry edition 2024 and every line the Run
/// button sends (mdBook's own `fn main` wrapper aside).
fn link_problem(link: &str, text: &str) -> Option<String> {
    if !link.contains("edition=2024") {
        return Some(format!(
            "the Playground link does not ask for edition 2024: {link}"
        ));
    }
    let code = link
        .split_once("code=")
        .map(|(_, code)| percent_decode(code.split('&').next().unwrap_or_default()))?;
    let linked: BTreeSet<&str> = code.lines().map(str::trim).collect();
    let wrapper = ["#![allow(unused)]", "fn main() {", "}", ""];
    text.lines()
        .map(str::trim)
        .find(|line| !wrapper.contains(line) && !linked.contains(line))
        .map(|line| format!("the Playground link lacks the line `{line}`"))
}

/// `%XX` escapes back to bytes (the Playground link encodes every byte
/// outside `A-Za-z0-9-_.~`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Debian's Chromium, or a clear word on how to get it.
fn chromium() -> Result<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let runs = Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        bail!(
            "{} does not run: install Debian's chromium (`apt-get install chromium`) or point CHROMIUM at a Chromium binary",
            path.display()
        );
    }
    Ok(path)
}

/// Installs `browser/package-lock.json` exactly (playwright-core only; it
/// downloads no browser), with npm's cache beside the other tools.
pub(crate) fn npm_ci(dir: &Path, what: &str) -> Result<()> {
    let cache = crate::tools::tools_root().join("npm-cache");
    run_checked(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .env("npm_config_cache", &cache)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(dir),
        what,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(classes: &str, text: &str, run: bool, link: Option<&str>) -> Block {
        Block {
            classes: classes.to_owned(),
            text: text.to_owned(),
            run,
            link: link.map(str::to_owned),
        }
    }

    fn link_for(code: &str) -> String {
        crate::playground::playground_url(code)
    }

    #[test]
    fn a_run_button_on_code_the_playground_cannot_build_is_reported() {
        let code = "use sqlx::PgPool;\nfn main() {}\n";
        let found = block_problems(&block(
            "language-rust edition2024",
            code,
            true,
            Some(&link_for(code)),
        ));
        assert_eq!(
            found,
            ["a Run button on code that uses sqlx, which the Playground lacks"]
        );
        // The same block marked noplayground, without the button, is fine.
        assert!(block_problems(&block("language-rust noplayground", code, false, None)).is_empty());
    }

    #[test]
    fn runnable_code_without_a_run_button_is_reported() {
        let code = "fn main() {}\n";
        assert_eq!(
            block_problems(&block("language-rust", code, false, None)),
            ["no Run button on code the Playground can run"]
        );
        assert!(block_problems(&block("language-rust no_run", code, false, None)).is_empty());
    }

    #[test]
    fn the_playground_link_must_carry_every_line_and_edition_2024() {
        let shown = "use std::fmt;\nfn main() {\n    println!(\"hi\");\n}\n";
        assert!(
            block_problems(&block("language-rust", shown, true, Some(&link_for(shown)))).is_empty()
        );
        let without_hidden = link_for("fn main() {\n    println!(\"hi\");\n}\n");
        assert_eq!(
            block_problems(&block("language-rust", shown, true, Some(&without_hidden))),
            ["the Playground link lacks the line `use std::fmt;`"]
        );
        let old = link_for(shown).replace("edition=2024", "edition=2021");
        assert!(
            block_problems(&block("language-rust", shown, true, Some(&old)))[0]
                .starts_with("the Playground link does not ask for edition 2024")
        );
        // mdBook's own wrapper around a block without `fn main` is not required.
        let wrapped = "#![allow(unused)]\nfn main() {\nlet x = 1;\n}";
        assert!(
            block_problems(&block(
                "language-rust",
                wrapped,
                true,
                Some(&link_for("fn main() {\nlet x = 1;\n}\n"))
            ))
            .is_empty()
        );
    }

    fn page(path: &str) -> Page {
        Page {
            path: path.to_owned(),
            errors: Vec::new(),
            blocks: Vec::new(),
            diagrams: Vec::new(),
            captions: Vec::new(),
            contrast: Contrast {
                light: Vec::new(),
                dark: Vec::new(),
            },
        }
    }

    fn report(pages: Vec<Page>) -> Report {
        Report {
            pages,
            searches: SEARCHES
                .iter()
                .map(|(query, expected)| Search {
                    query: (*query).to_owned(),
                    results: vec![(*expected).to_owned()],
                })
                .collect(),
            screenshots: Vec::new(),
        }
    }

    #[test]
    fn a_clean_report_has_no_problems() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(problems(&report(vec![page("a.html")]), dir.path()).is_empty());
    }

    #[test]
    fn console_errors_diagrams_captions_and_faint_text_are_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("listings")).expect("mkdir");
        std::fs::write(dir.path().join("listings/here.rs"), "").expect("write");
        let mut broken = page("a.html");
        broken
            .errors
            .push("Uncaught TypeError: x is undefined".to_owned());
        broken.diagrams = vec![
            Diagram {
                svg: true,
                error: true,
            },
            Diagram {
                svg: false,
                error: false,
            },
        ];
        broken.captions = vec!["listings/here.rs".to_owned(), "listings/gone.rs".to_owned()];
        let faint = || Reading {
            selector: ".listing-caption .listing-command".to_owned(),
            ratio: 3.2,
            color: "rgb(1, 2, 3)".to_owned(),
        };
        broken.contrast.dark = vec![faint()];
        let mut again = page("b.html");
        again.contrast.dark = vec![faint()];
        let found = problems(&report(vec![broken, again]), dir.path());
        assert_eq!(
            found,
            [
                "a.html: console error: Uncaught TypeError: x is undefined",
                "a.html: diagram 1 renders as a mermaid syntax error",
                "a.html: diagram 2 did not render",
                "a.html: the caption names listings/gone.rs, which does not exist",
                "a.html: `.listing-caption .listing-command` has a contrast of 3.20 in the dark theme (color rgb(1, 2, 3); at least 4.5 needed)",
            ]
        );
    }

    #[test]
    fn a_search_that_misses_its_lesson_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut missed = report(vec![page("a.html")]);
        missed.searches[0].results = vec!["elsewhere.html".to_owned()];
        missed.searches.pop();
        let found = problems(&missed, dir.path());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("searching for \"shadowing\" does not find"),
            "{found:?}"
        );
        assert!(found[1].ends_with("did not run"), "{found:?}");
    }
}
