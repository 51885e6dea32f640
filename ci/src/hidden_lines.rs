//! Keeps rustdoc's hidden lines (`# …`) out of mdBook's search index.
//!
//! mdBook indexes every text node of a chapter except `<script>` and
//! `<style>`, and a listing included with `{{#rustdoc_include}}` brings its
//! whole file along as hidden lines: well over half of the book's text, and
//! most of a search index that mdBook warns about above 10 MB. Readers search
//! the lessons' prose, which names what the code does, not the code's
//! identifiers; but two buttons need every line in the page: Run sends the
//! code element's whole text to the Playground, and the eye button shows the
//! hidden lines. So the preprocessor leaves only the first visible line in
//! the fence (an empty block would get no Run button), and puts the block as
//! mdBook would have rendered it into a JSON `<script>` right after it, which
//! the indexer skips. One inline script at the end of
//! the chapter ([`RESTORE`]) puts every block back, hidden lines as mdBook's
//! `<span class="boring">`, before `book.js` highlights the code and adds the
//! buttons, so the page a reader uses is the one mdBook would have built.

use crate::markdown::{CodeBlock, unhide};
use serde_json::json;

/// A Rust block split for the page: what the fence keeps, and the data that
/// restores the rest.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The block as Markdown, with only its first visible line between the fences.
    pub fence: String,
    /// `<script type="application/json" class="hidden-lines">` with every
    /// line as mdBook renders it and the indices of the hidden ones.
    pub data: String,
}

/// The inline script that rebuilds each split block of the page. It runs
/// where the chapter ends, so after every block of the chapter and before
/// `book.js`, which loads at the end of the page.
pub const RESTORE: &str = r#"<script>
(function () {
  // Puts back the hidden lines that ci/src/hidden_lines.rs kept out of the search index.
  document.querySelectorAll("script.hidden-lines").forEach(function (data) {
    var block = JSON.parse(data.textContent);
    var pre = data.previousElementSibling;
    while (pre && pre.tagName !== "PRE") pre = pre.previousElementSibling;
    var code = pre && pre.querySelector("code");
    data.remove();
    if (!code) return;
    var hidden = new Set(block.hidden), plain = "";
    code.textContent = "";
    block.lines.forEach(function (line, i) {
      var text = line + (i + 1 < block.lines.length ? "\n" : "");
      if (!hidden.has(i)) { plain += text; return; }
      if (plain) { code.appendChild(document.createTextNode(plain)); plain = ""; }
      var span = document.createElement("span");
      span.className = "boring";
      span.textContent = text;
      code.appendChild(span);
    });
    if (plain) code.appendChild(document.createTextNode(plain));
  });
})();
</script>
"#;

/// One line of a Rust block as mdBook 0.5 shows it (`hide_lines_rust`):
/// hidden by [`unhide`]'s rule and shown without the `# `, indent kept;
/// `##…` shown with one `#` less; anything else (`#[derive]`, `#!`) as written.
fn render(line: &str) -> (String, bool) {
    let indent = &line[..line.len() - line.trim_start().len()];
    let after_hash = line.trim_start().strip_prefix('#');
    if unhide(line).1 {
        let rest = after_hash.unwrap_or_default();
        return (
            format!("{indent}{}", rest.strip_prefix(' ').unwrap_or(rest)),
            true,
        );
    }
    match after_hash {
        Some(rest) if rest.starts_with('#') => (format!("{indent}{rest}"), false),
        _ => (line.to_string(), false),
    }
}

/// Splits `block`, whose helpers expand to `expanded`, or returns `None` to
/// leave it to mdBook as it is: a block with no hidden line, an indented one
/// (mdBook strips the container's indent first), one that would be empty
/// without its hidden lines (mdBook gives an empty block no Run button), and
/// a runnable one with no `fn main` (mdBook wraps that in a hidden one).
pub fn split(block: &CodeBlock, original: &str, expanded: &str, runnable: bool) -> Option<Split> {
    if !block.is_rust() || !block.closed || original.starts_with(char::is_whitespace) {
        return None;
    }
    if runnable && !expanded.contains("fn main") && !expanded.contains("quick_main!") {
        return None;
    }
    // (as written, as shown, hidden) for every line, in one pass.
    let lines: Vec<(&str, String, bool)> = expanded
        .lines()
        .map(|raw| {
            let (shown, hidden) = render(raw);
            (raw, shown, hidden)
        })
        .collect();
    if !lines.iter().any(|(_, _, hidden)| *hidden) {
        return None;
    }
    let visible: Vec<&str> = lines
        .iter()
        .filter(|(_, _, hidden)| !hidden)
        .map(|(raw, _, _)| *raw)
        .collect();
    if visible.iter().all(|line| line.trim().is_empty()) {
        return None;
    }
    let opening = original.split_inclusive('\n').next()?;
    let closing = original.get(opening.len() + block.body.len()..)?;
    // One visible line keeps the block what mdBook needs to see (a Rust block
    // that is not empty, so it gets its Run button); the rest is in the data.
    let first = visible.iter().find(|line| !line.trim().is_empty())?;
    let fence = format!("{opening}{first}\n{closing}");
    let shown: Vec<&str> = lines.iter().map(|(_, shown, _)| shown.as_str()).collect();
    let hidden: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, _, hidden))| *hidden)
        .map(|(index, _)| index)
        .collect();
    // `\u003c` for every `<`, so no `</script>` in a listing can end the element.
    let json = json!({ "lines": shown, "hidden": hidden })
        .to_string()
        .replace('<', "\\u003c");
    let data =
        format!("<script type=\"application/json\" class=\"hidden-lines\">{json}</script>\n");
    Some(Split { fence, data })
}

/// Files included whole into a block that is not Rust stay out of the search
/// index too: program output and compiler errors from a listing's
/// `outputs/`, and configuration, workflows, Dockerfiles and foreign-language
/// listings (YAML, TOML, C, Go, Python, JavaScript). Readers search the
/// lessons' prose, which names what those files do; the files themselves
/// were a fifth of the book's text. A block whose only content is such
/// includes is left empty and the same [`RESTORE`] script fills it in, every
/// line shown. Benchmark tables (`figures/`) stay, and so does anything
/// written in the chapter itself.
pub fn split_included(block: &CodeBlock, original: &str, expanded: &str) -> Option<Split> {
    let only_includes = block
        .body
        .lines()
        .filter(|line| !line.trim().is_empty())
        .all(|line| {
            let line = line.trim();
            line.starts_with("{{#include ") && !line.contains("/figures/") && line.ends_with("}}")
        });
    if block.is_rust()
        || !block.closed
        || original.starts_with(char::is_whitespace)
        || block.body.trim().is_empty()
        || !only_includes
        || expanded.trim().is_empty()
    {
        return None;
    }
    let opening = original.split_inclusive('\n').next()?;
    let closing = original.get(opening.len() + block.body.len()..)?;
    let lines: Vec<&str> = expanded.lines().collect();
    let json = json!({ "lines": lines, "hidden": Vec::<usize>::new() })
        .to_string()
        .replace('<', "\\u003c");
    Some(Split {
        fence: format!("{opening}{closing}"),
        data: format!("<script type=\"application/json\" class=\"hidden-lines\">{json}</script>\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::code_blocks;

    fn split_first(markdown: &str, runnable: bool) -> Option<Split> {
        let block = code_blocks(markdown).into_iter().next().expect("a block");
        let original = &markdown[block.span.clone()];
        split(&block, original, &block.body, runnable)
    }

    #[test]
    fn included_output_moves_into_the_data_and_other_text_stays() {
        let markdown = "```text\n{{#include ../../listings/m01-demo/outputs/hello.txt}}\n```\n";
        let block = code_blocks(markdown).into_iter().next().expect("a block");
        let split = split_included(&block, markdown, "hello <world>\nbye\n").expect("split");
        assert_eq!(split.fence, "```text\n```\n");
        assert!(
            split
                .data
                .contains(r#""lines":["hello \u003cworld>","bye"]"#),
            "{}",
            split.data
        );
        let plain = "```text\nwritten by hand\n```\n";
        let block = code_blocks(plain).into_iter().next().expect("a block");
        assert!(split_included(&block, plain, "written by hand\n").is_none());
        let figure = "```text\n{{#include ../../listings/m01-demo/figures/t.md}}\n```\n";
        let block = code_blocks(figure).into_iter().next().expect("a block");
        assert!(split_included(&block, figure, "| a |\n").is_none());
        let workflow = "```yaml\n{{#include ../../.github/workflows/ci.yml:test}}\n```\n";
        let block = code_blocks(workflow).into_iter().next().expect("a block");
        let split = split_included(&block, workflow, "on: push\n").expect("split");
        assert_eq!(split.fence, "```yaml\n```\n");
        let typed = "```yaml\n# a comment\n{{#include ../../deploy/fly.toml:env}}\n```\n";
        let block = code_blocks(typed).into_iter().next().expect("a block");
        assert!(split_included(&block, typed, "# a comment\nx = 1\n").is_none());
    }

    #[test]
    fn lines_render_as_mdbook_renders_them() {
        assert_eq!(render("# use std::fmt;"), ("use std::fmt;".into(), true));
        assert_eq!(render("    # let x = 1;"), ("    let x = 1;".into(), true));
        assert_eq!(render("#"), (String::new(), true));
        assert_eq!(render("## not hidden"), ("# not hidden".into(), false));
        assert_eq!(
            render("#[derive(Debug)]"),
            ("#[derive(Debug)]".into(), false)
        );
        assert_eq!(
            render("#![allow(unused)]"),
            ("#![allow(unused)]".into(), false)
        );
        assert_eq!(render("let x = 1; # no"), ("let x = 1; # no".into(), false));
    }

    #[test]
    fn hidden_lines_move_from_the_fence_to_the_data() {
        let markdown = "```rust,noplayground\n# use std::fmt;\nfn main() {\n## raw\n#     let x = 1;\n}\n```\n";
        let split = split_first(markdown, false).expect("split");
        assert_eq!(split.fence, "```rust,noplayground\nfn main() {\n```\n");
        assert_eq!(
            split.data,
            "<script type=\"application/json\" class=\"hidden-lines\">\
             {\"hidden\":[0,3],\"lines\":[\"use std::fmt;\",\"fn main() {\",\"# raw\",\"    let x = 1;\",\"}\"]}\
             </script>\n"
        );
    }

    #[test]
    fn a_closing_script_tag_in_a_listing_cannot_end_the_data() {
        let markdown = "```rust\n# const S: &str = \"</script>\";\nfn main() {}\n```\n";
        let split = split_first(markdown, true).expect("split");
        assert!(!split.data.contains("</script>\""), "{}", split.data);
        assert!(split.data.contains("\\u003c/script>"), "{}", split.data);
    }

    #[test]
    fn blocks_mdbook_must_see_whole_are_left_alone() {
        // No hidden line.
        assert_eq!(split_first("```rust\nfn main() {}\n```\n", true), None);
        // Runnable without `fn main`: mdBook wraps it in a hidden one.
        assert_eq!(
            split_first("```rust\n# use std::fmt;\nlet x = 1;\n```\n", true),
            None
        );
        // Only hidden lines: an empty block would lose its Run button.
        assert_eq!(split_first("```rust\n# fn main() {}\n```\n", true), None);
        // Indented (inside a list item).
        assert_eq!(
            split_first("  ```rust\n  # use x;\n  fn main() {}\n  ```\n", false),
            None
        );
        // Not Rust.
        assert_eq!(split_first("```text\n# heading\nbody\n```\n", false), None);
    }

    #[test]
    fn a_block_that_is_not_runnable_needs_no_main() {
        let split = split_first("```rust,noplayground\n# use x;\nlet y = 1;\n```\n", false);
        assert_eq!(
            split.map(|s| s.fence).as_deref(),
            Some("```rust,noplayground\nlet y = 1;\n```\n")
        );
    }
}
