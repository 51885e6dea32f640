//! Expands mdBook's `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}`
//! and `{{#title}}` helpers the way mdBook 0.5's `links` preprocessor does.
//!
//! Neither skeptic nor rustdoc knows these helpers, so the book's build script
//! expands every chapter with this module before handing it to them; the
//! course tooling uses it too (lint, preprocessor). It depends on `std` only
//! because `build.rs` includes this file with `#[path]`.
//!
//! One deliberate difference from mdBook: an anchor that is never opened in
//! the included file is an error here, where mdBook silently includes nothing.

use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// mdBook stops expanding nested includes at this depth.
const MAX_DEPTH: usize = 10;

/// What part of a file an include directive selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// `file.rs` or `file.rs:`: the whole file.
    Whole,
    /// `file.rs:name`: the lines between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
    /// `file.rs:3:7` and friends, as zero-based `start..end` (end exclusive).
    Lines { start: usize, end: Option<usize> },
}

/// The kind of helper, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// `\{{#…}}`: written out without the backslash.
    Escaped,
    Include(PathBuf, Selection),
    RustdocInclude(PathBuf, Selection),
    Playground(PathBuf, Vec<String>),
    Title(String),
}

/// One helper found in a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte range of the whole `{{#…}}` text.
    pub span: Range<usize>,
    pub kind: LinkKind,
    /// The helper exactly as written, for error messages.
    pub text: String,
}

impl Link {
    /// The file this helper reads, if any.
    pub fn path(&self) -> Option<&Path> {
        match &self.kind {
            LinkKind::Include(p, _)
            | LinkKind::RustdocInclude(p, _)
            | LinkKind::Playground(p, _) => Some(p),
            LinkKind::Escaped | LinkKind::Title(_) => None,
        }
    }

    /// The selection of an include helper.
    pub fn selection(&self) -> Option<&Selection> {
        match &self.kind {
            LinkKind::Include(_, s) | LinkKind::RustdocInclude(_, s) => Some(s),
            _ => None,
        }
    }
}

/// Why a chapter could not be expanded.
#[derive(Debug)]
pub enum ExpandError {
    /// The included file could not be read.
    Read {
        link: String,
        path: PathBuf,
        source: io::Error,
    },
    /// The file has no `ANCHOR: name` line.
    MissingAnchor {
        link: String,
        path: PathBuf,
        anchor: String,
    },
    /// Includes nested deeper than mdBook allows (usually a cycle).
    TooDeep { link: String },
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpandError::Read { link, path, source } => {
                write!(f, "{link}: cannot read {}: {source}", path.display())
            }
            ExpandError::MissingAnchor { link, path, anchor } => write!(
                f,
                "{link}: {} has no `ANCHOR: {anchor}` line",
                path.display()
            ),
            ExpandError::TooDeep { link } => write!(
                f,
                "{link}: includes nested more than {MAX_DEPTH} deep (is there a cycle?)"
            ),
        }
    }
}

impl std::error::Error for ExpandError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExpandError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A chapter after expansion.
#[derive(Debug, Default)]
pub struct Expanded {
    pub text: String,
    /// Every file read while expanding, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
    /// The title set by `{{#title …}}`, if any.
    pub title: Option<String>,
}

/// Expands every helper in `text`; relative paths are resolved from `base_dir`
/// (the chapter's directory), nested helpers from the directory of the file
/// that contains them.
pub fn expand(text: &str, base_dir: &Path) -> Result<Expanded, ExpandError> {
    let mut out = Expanded::default();
    out.text = expand_at(text, base_dir, 0, &mut out.files, &mut out.title)?;
    Ok(out)
}

fn expand_at(
    text: &str,
    base_dir: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    title: &mut Option<String>,
) -> Result<String, ExpandError> {
    let mut result = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    for link in find_links(text) {
        result.push_str(&text[copied_up_to..link.span.start]);
        copied_up_to = link.span.end;
        let rendered = render(&link, base_dir, files, title)?;
        let nested = match link.path() {
            Some(path) if !matches!(link.kind, LinkKind::Escaped) => {
                if depth >= MAX_DEPTH {
                    return Err(ExpandError::TooDeep { link: link.text });
                }
                let dir = base_dir
                    .join(path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| base_dir.to_path_buf());
                expand_at(&rendered, &dir, depth + 1, files, title)?
            }
            _ => rendered,
        };
        // Like mdBook: every line after the first gets the text that precedes
        // the helper on its own line, so an indented include stays indented.
        let prefix = result.rsplit('\n').next().unwrap_or("").to_owned();
        let joined = nested
            .lines()
            .collect::<Vec<_>>()
            .join(&format!("\n{prefix}"));
        result.push_str(&joined);
    }
    result.push_str(&text[copied_up_to..]);
    Ok(result)
}

fn render(
    link: &Link,
    base_dir: &Path,
    files: &mut Vec<PathBuf>,
    title: &mut Option<String>,
) -> Result<String, ExpandError> {
    let read = |path: &Path, files: &mut Vec<PathBuf>| {
        let full = base_dir.join(path);
        let content = fs::read_to_string(&full).map_err(|source| ExpandError::Read {
            link: link.text.clone(),
            path: full.clone(),
            source,
        })?;
        files.push(full.clone());
        Ok::<_, ExpandError>((full, content))
    };
    match &link.kind {
        LinkKind::Escaped => Ok(link.text[1..].to_owned()),
        LinkKind::Title(t) => {
            *title = Some(t.clone());
            Ok(String::new())
        }
        LinkKind::Include(path, selection) => {
            let (full, content) = read(path, files)?;
            match selection {
                Selection::Whole => Ok(take_lines(&content, 0, None)),
                Selection::Lines { start, end } => Ok(take_lines(&content, *start, *end)),
                Selection::Anchor(name) => {
                    require_anchor(&content, name, link, &full)?;
                    Ok(take_anchored(&content, name))
                }
            }
        }
        LinkKind::RustdocInclude(path, selection) => {
            let (full, content) = read(path, files)?;
            match selection {
                Selection::Whole => Ok(hide_outside_lines(&content, 0, None)),
                Selection::Lines { start, end } => Ok(hide_outside_lines(&content, *start, *end)),
                Selection::Anchor(name) => {
                    require_anchor(&content, name, link, &full)?;
                    Ok(hide_outside_anchor(&content, name))
                }
            }
        }
        LinkKind::Playground(path, attrs) => {
            let (_, mut content) = read(path, files)?;
            if !content.ends_with('\n') {
                content.push('\n');
            }
            let info = if attrs.is_empty() {
                "rust".to_owned()
            } else {
                format!("rust,{}", attrs.join(","))
            };
            Ok(format!("```{info}\n{content}```\n"))
        }
    }
}

fn require_anchor(content: &str, name: &str, link: &Link, path: &Path) -> Result<(), ExpandError> {
    if content.lines().any(|l| anchor_start(l) == Some(name)) {
        Ok(())
    } else {
        Err(ExpandError::MissingAnchor {
            link: link.text.clone(),
            path: path.to_path_buf(),
            anchor: name.to_owned(),
        })
    }
}

/// The name in an `ANCHOR: name` marker on this line, if there is one.
pub fn anchor_start(line: &str) -> Option<&str> {
    marker_name(line, "ANCHOR:")
}

/// The name in an `ANCHOR_END: name` marker on this line, if there is one.
pub fn anchor_end(line: &str) -> Option<&str> {
    marker_name(line, "ANCHOR_END:")
}

fn marker_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let mut rest = line;
    while let Some(at) = rest.find(marker) {
        let after = rest[at + marker.len()..].trim_start();
        let len = after
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(after.len(), |(i, _)| i);
        if len > 0 {
            return Some(&after[..len]);
        }
        rest = &rest[at + marker.len()..];
    }
    None
}

fn take_lines(content: &str, start: usize, end: Option<usize>) -> String {
    let lines = content.lines().skip(start);
    match end {
        Some(end) => lines
            .take(end.saturating_sub(start))
            .collect::<Vec<_>>()
            .join("\n"),
        None => lines.collect::<Vec<_>>().join("\n"),
    }
}

fn take_anchored(content: &str, name: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in content.lines() {
        if inside {
            match anchor_end(line) {
                Some(end) if end == name => break,
                Some(_) => {}
                None if anchor_start(line).is_some() => {}
                None => kept.push(line),
            }
        } else if anchor_start(line) == Some(name) {
            inside = true;
        }
    }
    kept.join("\n")
}

fn hide_outside_lines(content: &str, start: usize, end: Option<usize>) -> String {
    let mut out = String::with_capacity(content.len());
    for (index, line) in content.lines().enumerate() {
        let shown = index >= start && end.is_none_or(|end| index < end);
        if !shown {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out.pop();
    out
}

fn hide_outside_anchor(content: &str, name: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut inside = false;
    for line in content.lines() {
        if inside {
            match anchor_end(line) {
                Some(end) if end == name => inside = false,
                Some(_) => {}
                None if anchor_start(line).is_some() => {}
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        } else if let Some(start) = anchor_start(line) {
            inside = start == name;
        } else if anchor_end(line).is_none() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// Finds the helpers in `text`, in order. Unknown helper names are skipped,
/// as mdBook skips them.
pub fn find_links(text: &str) -> Vec<Link> {
    let bytes = text.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("\\{{#") {
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            if let Some(close) = text[i..line_end].rfind("}}") {
                let end = i + close + 2;
                links.push(Link {
                    span: i..end,
                    kind: LinkKind::Escaped,
                    text: text[i..end].to_owned(),
                });
                i = end;
                continue;
            }
        }
        if text[i..].starts_with("{{")
            && let Some((end, name, args)) = parse_helper(text, i)
        {
            if let Some(kind) = link_kind(name, args) {
                links.push(Link {
                    span: i..end,
                    kind,
                    text: text[i..end].to_owned(),
                });
            }
            i = end;
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    links
}

/// Matches `{{ \s* # name \s+ [^}]+ }}` at `start`; returns the end offset,
/// the helper name and its raw arguments.
fn parse_helper(text: &str, start: usize) -> Option<(usize, &str, &str)> {
    let rest = &text[start + 2..];
    let after_ws = rest.trim_start();
    let after_hash = after_ws.strip_prefix('#')?;
    let name_len = after_hash
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after_hash.len());
    if name_len == 0 {
        return None;
    }
    let name = &after_hash[..name_len];
    let after_name = &after_hash[name_len..];
    let args_start = after_name.trim_start();
    if args_start.len() == after_name.len() {
        return None; // no whitespace between the name and its arguments
    }
    let args_len = args_start.find('}').unwrap_or(args_start.len());
    if args_len == 0 || !args_start[args_len..].starts_with("}}") {
        return None;
    }
    let args = &args_start[..args_len];
    let end = text.len() - args_start.len() + args_len + 2;
    Some((end, name, args))
}

fn link_kind(name: &str, args: &str) -> Option<LinkKind> {
    match name {
        "title" => Some(LinkKind::Title(args.to_owned())),
        "include" => {
            let (path, selection) = parse_path_and_selection(args)?;
            Some(LinkKind::Include(path, selection))
        }
        "rustdoc_include" => {
            let (path, selection) = parse_path_and_selection(args)?;
            Some(LinkKind::RustdocInclude(path, selection))
        }
        "playground" | "playpen" => {
            let (path, rest) = split_path(args)?;
            let attrs = rest.split_whitespace().map(str::to_owned).collect();
            Some(LinkKind::Playground(path, attrs))
        }
        _ => None,
    }
}

/// Splits off the path (quoted with `\` escapes, or up to whitespace).
fn split_path(args: &str) -> Option<(PathBuf, &str)> {
    let args = args.trim();
    if let Some(quoted) = args.strip_prefix('"') {
        let mut path = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        path.push(next);
                    }
                }
                '"' => return Some((PathBuf::from(path), &quoted[i + 1..])),
                _ => path.push(c),
            }
        }
        None
    } else {
        let first = args.split_whitespace().next()?;
        Some((PathBuf::from(first), &args[first.len()..]))
    }
}

fn parse_path_and_selection(args: &str) -> Option<(PathBuf, Selection)> {
    if args.trim_start().starts_with('"') {
        let (path, after) = split_path(args)?;
        let selection = match after.trim_start().strip_prefix(':') {
            Some(spec) => parse_selection(spec),
            None => Selection::Whole,
        };
        Some((path, selection))
    } else {
        let (raw, _) = split_path(args)?;
        let raw = raw.to_string_lossy().into_owned();
        let (path, spec) = match raw.split_once(':') {
            Some((path, spec)) => (path.to_owned(), Some(spec.to_owned())),
            None => (raw, None),
        };
        let selection = spec.map_or(Selection::Whole, |s| parse_selection(&s));
        Some((PathBuf::from(path), selection))
    }
}

/// `name`, `N`, `N:M`, `N:`, `:M`, `:` or empty, with mdBook's one-based line
/// numbers turned into a zero-based range.
fn parse_selection(spec: &str) -> Selection {
    let mut parts = spec.splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selection::Anchor(first.to_owned()),
    };
    let end = parts.next().map(str::parse::<usize>);
    match (start, end) {
        (Some(start), Some(Ok(end))) => Selection::Lines {
            start,
            end: Some(end),
        },
        (Some(start), Some(Err(_))) => Selection::Lines { start, end: None },
        (Some(start), None) => Selection::Lines {
            start,
            end: Some(start + 1),
        },
        (None, Some(Ok(end))) => Selection::Lines {
            start: 0,
            end: Some(end),
        },
        (None, None) | (None, Some(Err(_))) => Selection::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, content) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, content).expect("write");
        }
        dir
    }

    const LISTING: &str = "use std::fmt;\n// ANCHOR: body\nfn main() {\n    // ANCHOR: inner\n    println!(\"hi\");\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: body\n// tail\n";

    #[test]
    fn include_takes_the_anchored_lines_without_markers() {
        let dir = dir_with(&[("x.rs", LISTING)]);
        let out = expand("{{#include x.rs:body}}", dir.path()).expect("expands");
        assert_eq!(out.text, "fn main() {\n    println!(\"hi\");\n}");
        assert_eq!(out.files, vec![dir.path().join("x.rs")]);
    }

    #[test]
    fn rustdoc_include_hides_the_rest_behind_hash_lines() {
        let dir = dir_with(&[("x.rs", LISTING)]);
        let out = expand("{{#rustdoc_include x.rs:inner}}", dir.path()).expect("expands");
        assert_eq!(
            out.text,
            "# use std::fmt;\n# fn main() {\n    println!(\"hi\");\n# }\n# // tail"
        );
    }

    #[test]
    fn whole_file_rustdoc_include_shows_every_line() {
        let dir = dir_with(&[("x.rs", "fn main() {}\n")]);
        let out = expand("{{#rustdoc_include x.rs}}", dir.path()).expect("expands");
        assert_eq!(out.text, "fn main() {}");
    }

    #[test]
    fn line_ranges_are_one_based_like_mdbook() {
        let dir = dir_with(&[("x.txt", "a\nb\nc\nd\n")]);
        let cases = [
            ("x.txt:2:3", "b\nc"),
            ("x.txt:3", "c"),
            ("x.txt:3:", "c\nd"),
            ("x.txt::2", "a\nb"),
            ("x.txt::", "a\nb\nc\nd"),
        ];
        for (spec, want) in cases {
            let out = expand(&format!("{{{{#include {spec}}}}}"), dir.path()).expect("expands");
            assert_eq!(out.text, want, "{spec}");
        }
    }

    #[test]
    fn indented_includes_keep_their_indent_on_every_line() {
        let dir = dir_with(&[("x.txt", "one\ntwo\n")]);
        let out = expand("- item\n    {{#include x.txt}}\nafter", dir.path()).expect("expands");
        assert_eq!(out.text, "- item\n    one\n    two\nafter");
    }

    #[test]
    fn nested_includes_resolve_from_the_including_file() {
        let dir = dir_with(&[
            ("a/outer.md", "outer {{#include inner/leaf.txt}}"),
            ("a/inner/leaf.txt", "leaf\n"),
        ]);
        let out = expand("{{#include a/outer.md}}", dir.path()).expect("expands");
        assert_eq!(out.text, "outer leaf");
        assert_eq!(out.files.len(), 2);
    }

    #[test]
    fn escaped_helpers_are_written_without_the_backslash() {
        let out = expand(r"see \{{#include x.rs:body}} here", Path::new(".")).expect("expands");
        assert_eq!(out.text, "see {{#include x.rs:body}} here");
    }

    #[test]
    fn title_helper_sets_the_title_and_disappears() {
        let out = expand("{{#title Hello there}}\n# Body", Path::new(".")).expect("expands");
        assert_eq!(out.text, "\n# Body");
        assert_eq!(out.title.as_deref(), Some("Hello there"));
    }

    #[test]
    fn playground_helper_becomes_a_rust_block() {
        let dir = dir_with(&[("p.rs", "fn main() {}")]);
        let out = expand("{{#playground p.rs editable}}", dir.path()).expect("expands");
        assert_eq!(out.text, "```rust,editable\nfn main() {}\n```");
    }

    #[test]
    fn quoted_paths_may_contain_spaces() {
        let dir = dir_with(&[("my file.rs", LISTING)]);
        let out = expand("{{#include \"my file.rs\":inner}}", dir.path()).expect("expands");
        assert_eq!(out.text, "    println!(\"hi\");");
    }

    #[test]
    fn unknown_helpers_and_text_in_braces_are_left_alone() {
        let text = "{{#unknown x}} {{ not a helper }} {{#include}}";
        assert!(find_links(text).is_empty());
        assert_eq!(expand(text, Path::new(".")).expect("expands").text, text);
    }

    #[test]
    fn a_missing_file_names_the_helper_and_the_path() {
        let err = expand("{{#include ../nope/missing.rs:body}}", Path::new("/tmp"))
            .expect_err("must fail");
        let message = err.to_string();
        assert!(
            message.contains("{{#include ../nope/missing.rs:body}}"),
            "{message}"
        );
        assert!(message.contains("/tmp/../nope/missing.rs"), "{message}");
    }

    #[test]
    fn a_missing_anchor_is_an_error() {
        let dir = dir_with(&[("x.rs", LISTING)]);
        let err = expand("{{#rustdoc_include x.rs:nope}}", dir.path()).expect_err("must fail");
        assert!(
            err.to_string().contains("has no `ANCHOR: nope` line"),
            "{err}"
        );
    }

    #[test]
    fn include_cycles_stop_with_an_error() {
        let dir = dir_with(&[("loop.md", "{{#include loop.md}}")]);
        let err = expand("{{#include loop.md}}", dir.path()).expect_err("must fail");
        assert!(matches!(err, ExpandError::TooDeep { .. }), "{err}");
    }

    #[test]
    fn anchor_markers_are_found_anywhere_on_the_line() {
        assert_eq!(anchor_start("    // ANCHOR: main"), Some("main"));
        assert_eq!(
            anchor_start("// ANCHOR:   with-dash_1 trailing"),
            Some("with-dash_1")
        );
        assert_eq!(anchor_end("# ANCHOR_END: main"), Some("main"));
        assert_eq!(anchor_start("// ANCHOR_END: main"), None);
        assert_eq!(anchor_start("// ANCHOR:"), None);
    }
}
