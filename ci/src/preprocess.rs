//! The book's own mdBook preprocessor (`[preprocessor.course]` in book.toml).
//!
//! It runs before mdBook's `links` preprocessor, so it still sees the include
//! helpers, and for each code block
//! - adds a caption naming the included listing and the command that runs it
//!   (or, for program output, the command that printed it), and
//! - adds an "Open in the Playground" link under each Rust block that can run
//!   there (the same blocks that get mdBook's Run button), and
//! - moves the block's hidden lines out of what mdBook indexes for search
//!   (see [`crate::hidden_lines`]).

use crate::expand::{self, LinkKind};
use crate::hidden_lines;
use crate::markdown::{CodeBlock, code_blocks};
use crate::playground::{playground_url, runnable_code};
use crate::project::{Project, normalize};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;

/// Runs the preprocessor protocol: `[context, book]` JSON on stdin, the book on stdout.
pub fn run(stdin: &mut impl Read, stdout: &mut impl Write) -> Result<()> {
    let mut input = String::new();
    stdin
        .read_to_string(&mut input)
        .context("reading the book from mdBook")?;
    let mut pair: Value = serde_json::from_str(&input).context("parsing mdBook's JSON")?;
    let (context, book) = match pair.as_array_mut().map(|a| a.as_mut_slice()) {
        Some([context, book]) => (context.clone(), book),
        _ => bail!("mdBook sent something other than [context, book]"),
    };
    let root = context["root"]
        .as_str()
        .context("mdBook's context has no root")?;
    let src = context["config"]["book"]["src"].as_str().unwrap_or("src");
    let project = Project {
        root: Path::new(root).to_path_buf(),
    };
    let src_dir = project.root.join(src);
    let mut failure = None;
    visit_chapters(book, &mut |chapter| {
        let (Some(path), Some(content)) = (chapter["path"].as_str(), chapter["content"].as_str())
        else {
            return;
        };
        let dir = src_dir
            .join(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| src_dir.clone());
        match annotate(content, &dir, &project) {
            Ok(annotated) => chapter["content"] = Value::String(annotated),
            Err(e) => failure = Some(e.context(format!("in src/{path}"))),
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    serde_json::to_writer(stdout, book).context("writing the book back to mdBook")?;
    Ok(())
}

/// Calls `f` on every chapter object, however deeply nested.
fn visit_chapters(value: &mut Value, f: &mut impl FnMut(&mut Value)) {
    match value {
        Value::Object(map) => {
            if let Some(chapter) = map.get_mut("Chapter") {
                f(chapter);
            }
            for (_, child) in map.iter_mut() {
                visit_chapters(child, f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| visit_chapters(item, f)),
        _ => {}
    }
}

/// Whether mdBook shows a Run button on this block, and so whether it gets a link.
pub fn runs_on_playground(block: &CodeBlock) -> bool {
    block.is_rust() && !block.has("noplayground") && !block.has("noplaypen") && !block.has("ignore")
}

/// Adds captions and playground links to one chapter's Markdown.
pub fn annotate(content: &str, chapter_dir: &Path, project: &Project) -> Result<String> {
    let mut out = String::with_capacity(content.len() + 256);
    let mut copied = 0;
    let mut restore = false;
    for block in code_blocks(content) {
        out.push_str(&content[copied..block.span.start]);
        copied = block.span.end;
        if let Some(caption) = caption(&block, chapter_dir, project) {
            out.push_str(&caption);
            out.push_str("\n\n");
        }
        let original = &content[block.span.clone()];
        if !block.is_rust() {
            let output = if block.body.contains("{{#include") {
                let expanded = expand::expand(&block.body, chapter_dir)
                    .map_err(|e| anyhow::anyhow!("line {}: {e}", block.line))?;
                hidden_lines::split_included(&block, original, &expanded.text)
            } else {
                None
            };
            match output {
                Some(split) => {
                    out.push_str(&split.fence);
                    out.push_str(&split.data);
                    restore = true;
                }
                None => out.push_str(original),
            }
            continue;
        }
        let expanded = expand::expand(&block.body, chapter_dir)
            .map_err(|e| anyhow::anyhow!("line {}: {e}", block.line))?;
        let runnable = runs_on_playground(&block);
        match hidden_lines::split(&block, original, &expanded.text, runnable) {
            Some(split) => {
                out.push_str(&split.fence);
                if !split.fence.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&split.data);
                restore = true;
            }
            None => out.push_str(original),
        }
        if runnable {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            let url = playground_url(&runnable_code(&expanded.text));
            out.push_str(&format!(
                "\n<p class=\"playground-link\"><a href=\"{url}\" target=\"_blank\" rel=\"noopener\">Open in the Rust Playground ↗</a></p>\n"
            ));
        }
    }
    out.push_str(&content[copied..]);
    if restore {
        out.push_str("\n\n");
        out.push_str(hidden_lines::RESTORE);
    }
    Ok(out)
}

/// The caption for a block that includes a file from `listings/`.
fn caption(block: &CodeBlock, chapter_dir: &Path, project: &Project) -> Option<String> {
    let link = expand::find_links(&block.body)
        .into_iter()
        .find(|l| !matches!(l.kind, LinkKind::Escaped | LinkKind::Title(_)))?;
    let full = normalize(&chapter_dir.join(link.path()?));
    let relative = project.relative(&full);
    if !relative.starts_with("listings/") {
        return None;
    }
    let command = project.command_for(&full)?;
    let is_output = relative.contains("/outputs/");
    Some(if is_output {
        format!(
            "<p class=\"listing-caption output\"><span class=\"listing-label\">Output of</span> <code class=\"listing-command\">{}</code></p>",
            html_escape(&command)
        )
    } else {
        format!(
            "<p class=\"listing-caption\"><span class=\"listing-path\">{}</span> <code class=\"listing-command\">{}</code></p>",
            html_escape(&relative),
            html_escape(&command)
        )
    })
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        let krate = root.join("listings/m01-demo");
        fs::create_dir_all(krate.join("examples")).expect("mkdir");
        fs::create_dir_all(krate.join("outputs")).expect("mkdir");
        fs::create_dir_all(root.join("src/01")).expect("mkdir");
        fs::write(krate.join("Cargo.toml"), "[package]\nname = \"m01-demo\"\n").expect("write");
        fs::write(
            krate.join("examples/hello.rs"),
            "// ANCHOR: main\nfn main() {\n    println!(\"hi\");\n}\n// ANCHOR_END: main\n",
        )
        .expect("write");
        fs::write(krate.join("outputs/hello.txt"), "hi\n").expect("write");
        (dir, Project { root })
    }

    #[test]
    fn included_listings_get_a_caption_and_a_playground_link() {
        let (_dir, p) = project();
        let chapter = "Text\n\n```rust\n{{#rustdoc_include ../../listings/m01-demo/examples/hello.rs:main}}\n```\n\nMore\n";
        let out = annotate(chapter, &p.root.join("src/01"), &p).expect("annotates");
        assert!(
            out.contains("<span class=\"listing-path\">listings/m01-demo/examples/hello.rs</span>"),
            "{out}"
        );
        assert!(out.contains(
            "<code class=\"listing-command\">cargo run -p m01-demo --example hello</code>"
        ));
        assert!(out.contains("play.rust-lang.org"), "{out}");
        // The listing's code, expanded, is in the link.
        assert!(out.contains("println%21%28%22hi%22%29"), "{out}");
        // The helper itself is left for mdBook to expand.
        assert!(
            out.contains("{{#rustdoc_include ../../listings/m01-demo/examples/hello.rs:main}}")
        );
        assert!(out.starts_with("Text\n\n<p class=\"listing-caption\">"));
        assert!(out.ends_with("</p>\n\nMore\n"), "{out}");
    }

    #[test]
    fn hidden_lines_leave_the_fence_but_not_the_playground_link() {
        let (_dir, p) = project();
        let listing = p.root.join("listings/m01-demo/examples/hidden.rs");
        fs::write(
            &listing,
            "use std::fmt;\n// ANCHOR: shown\nfn main() {\n    println!(\"hi\");\n}\n// ANCHOR_END: shown\n",
        )
        .expect("write");
        let chapter = "```rust\n{{#rustdoc_include ../../listings/m01-demo/examples/hidden.rs:shown}}\n```\n\nAfter\n";
        let out = annotate(chapter, &p.root.join("src/01"), &p).expect("annotates");
        // The fence holds the first line readers see (the rest, and the hidden
        // line, are in the data); mdBook has nothing left to expand.
        assert!(
            out.contains("```rust\nfn main() {\n```\n<script type=\"application/json\" class=\"hidden-lines\">"),
            "{out}"
        );
        assert!(out.contains(r#""    println!(\"hi\");""#), "{out}");
        assert!(!out.contains("rustdoc_include"), "{out}");
        assert!(out.contains("\"hidden\":[0]"), "{out}");
        // The Playground still gets the whole program.
        assert!(out.contains("use%20std%3A%3Afmt%3B"), "{out}");
        // One restoring script, after the chapter's text.
        assert_eq!(out.matches("<script>").count(), 1, "{out}");
        assert!(out.trim_end().ends_with("</script>"), "{out}");
        assert!(out.find("After").expect("text kept") < out.find("<script>").expect("script"));
    }

    #[test]
    fn outputs_are_captioned_with_the_command_that_printed_them() {
        let (_dir, p) = project();
        let chapter = "```text\n{{#include ../../listings/m01-demo/outputs/hello.txt}}\n```\n";
        let out = annotate(chapter, &p.root.join("src/01"), &p).expect("annotates");
        assert!(out.contains("Output of</span> <code class=\"listing-command\">cargo run -p m01-demo --example hello</code>"));
        assert!(!out.contains("play.rust-lang.org"));
    }

    #[test]
    fn noplayground_and_non_rust_blocks_get_no_link() {
        let (_dir, p) = project();
        let chapter = "```rust,noplayground\nfn main() {}\n```\n```go\nfunc main() {}\n```\n";
        let out = annotate(chapter, &p.root.join("src/01"), &p).expect("annotates");
        assert_eq!(out, chapter);
    }

    #[test]
    fn the_protocol_round_trips_the_book() {
        let (_dir, p) = project();
        let input = serde_json::json!([
            {"root": p.root.to_string_lossy(), "config": {"book": {"src": "src"}}, "renderer": "html", "mdbook_version": "0.5.4"},
            {"items": [{"Chapter": {"name": "One", "content": "```rust\nfn main() {}\n```\n", "path": "01/one.md", "sub_items": [
                {"Chapter": {"name": "Two", "content": "plain", "path": "01/two.md", "sub_items": []}}
            ]}}, "Separator"]}
        ]);
        let mut out = Vec::new();
        run(&mut input.to_string().as_bytes(), &mut out).expect("runs");
        let book: Value = serde_json::from_slice(&out).expect("json");
        let one = book["items"][0]["Chapter"]["content"]
            .as_str()
            .expect("content");
        assert!(one.contains("play.rust-lang.org"));
        assert_eq!(
            book["items"][0]["Chapter"]["sub_items"][0]["Chapter"]["content"],
            "plain"
        );
        assert_eq!(book["items"][1], "Separator");
    }
}
