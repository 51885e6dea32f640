//! Just enough Markdown for the course's checks: fenced code blocks and their
//! info strings. A line-based scanner, so line numbers and byte offsets are
//! exact and the text between blocks can be copied through untouched.

use std::ops::Range;

/// A fenced code block (```` ``` ```` or `~~~`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// One-based line number of the opening fence.
    pub line: usize,
    /// The info string after the opening fence, trimmed (`rust,no_run`).
    pub info: String,
    /// The lines between the fences, each ending in `\n`.
    pub body: String,
    /// Byte range from the start of the opening fence line to the end of the
    /// closing fence line (including its newline, if any).
    pub span: Range<usize>,
    /// Whether the block was closed before the end of the text.
    pub closed: bool,
}

impl CodeBlock {
    /// The attributes of the info string: `rust,compile_fail,E0382` →
    /// `["rust", "compile_fail", "E0382"]`. Commas and spaces both separate.
    pub fn attributes(&self) -> Vec<&str> {
        attributes(&self.info)
    }

    /// The language: the first attribute, if any.
    pub fn language(&self) -> Option<&str> {
        self.attributes().first().copied()
    }

    /// Whether this is a Rust block, by rustdoc's rule: `rust`, or no language.
    pub fn is_rust(&self) -> bool {
        matches!(self.language(), Some("rust"))
    }

    pub fn has(&self, attribute: &str) -> bool {
        self.attributes().contains(&attribute)
    }
}

/// Splits an info string into its attributes.
pub fn attributes(info: &str) -> Vec<&str> {
    info.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|a| !a.is_empty())
        .collect()
}

/// Every fenced code block of `text`, in order.
pub fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    // (fence char, fence length, start offset, line, info, body start)
    let mut open: Option<(char, usize, usize, usize, String, usize)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let fence_char = match trimmed.chars().next() {
            Some(c @ ('`' | '~')) => c,
            _ => continue,
        };
        let fence_len = trimmed.chars().take_while(|&c| c == fence_char).count();
        if fence_len < 3 {
            continue;
        }
        let rest = &trimmed[fence_len..];
        match &open {
            None => {
                if fence_char == '`' && rest.contains('`') {
                    continue; // an inline code span, not a fence
                }
                open = Some((
                    fence_char,
                    fence_len,
                    line_start,
                    index + 1,
                    rest.trim().to_owned(),
                    offset,
                ));
            }
            Some((c, len, ..))
                if *c == fence_char && fence_len >= *len && rest.trim().is_empty() =>
            {
                let (_, _, start, line_no, info, body_start) =
                    open.take().expect("a block is open");
                blocks.push(CodeBlock {
                    line: line_no,
                    info,
                    body: text[body_start..line_start].to_owned(),
                    span: start..offset,
                    closed: true,
                });
            }
            Some(_) => {}
        }
    }
    if let Some((_, _, start, line_no, info, body_start)) = open {
        blocks.push(CodeBlock {
            line: line_no,
            info,
            body: text[body_start..].to_owned(),
            span: start..text.len(),
            closed: false,
        });
    }
    blocks
}

/// The line number (one-based) of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// mdBook's and rustdoc's hidden-line rule for Rust blocks: a line whose
/// trimmed text is `#` or starts with `# ` is hidden from readers but compiled.
/// Returns the line as the compiler sees it, and whether it was hidden.
pub fn unhide(line: &str) -> (&str, bool) {
    let trimmed = line.trim_start();
    if trimmed == "#" {
        ("", true)
    } else if let Some(rest) = trimmed.strip_prefix("# ") {
        (rest, true)
    } else {
        (line, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_their_info_lines_and_spans() {
        let text = "intro\n```rust,no_run\nfn main() {}\n```\ntext\n~~~text\nout\n~~~\n";
        let blocks = code_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].info, "rust,no_run");
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].body, "fn main() {}\n");
        assert_eq!(
            &text[blocks[0].span.clone()],
            "```rust,no_run\nfn main() {}\n```\n"
        );
        assert_eq!(blocks[1].language(), Some("text"));
        assert!(blocks.iter().all(|b| b.closed));
    }

    #[test]
    fn a_longer_fence_contains_shorter_ones() {
        let text = "````markdown\n```rust\nx\n```\n````\n";
        let blocks = code_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].body, "```rust\nx\n```\n");
    }

    #[test]
    fn attributes_split_on_commas_and_spaces() {
        assert_eq!(
            attributes("rust, compile_fail,E0382 noplayground"),
            ["rust", "compile_fail", "E0382", "noplayground"]
        );
    }

    #[test]
    fn inline_code_with_backticks_is_not_a_fence() {
        assert!(code_blocks("``` not a fence ```\n").is_empty());
    }

    #[test]
    fn unclosed_blocks_are_reported() {
        let blocks = code_blocks("```rust\nfn main() {}\n");
        assert_eq!(blocks.len(), 1);
        assert!(!blocks[0].closed);
    }

    #[test]
    fn hidden_lines_follow_rustdoc() {
        assert_eq!(unhide("# use std::fmt;"), ("use std::fmt;", true));
        assert_eq!(unhide("    # let x = 1;"), ("let x = 1;", true));
        assert_eq!(unhide("#"), ("", true));
        assert_eq!(unhide("#[derive(Debug)]"), ("#[derive(Debug)]", false));
    }
}
