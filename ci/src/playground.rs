//! What can run on the Rust Playground, and links that open a snippet there.

use crate::markdown::unhide;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Crates the Playground offers (a subset of its top-100 list that this course
/// may use), by the name code refers to them with.
pub const PLAYGROUND_CRATES: &[&str] = &[
    "anyhow",
    "async_trait",
    "base64",
    "bitflags",
    "byteorder",
    "bytes",
    "cfg_if",
    "chrono",
    "clap",
    "crossbeam",
    "crossbeam_channel",
    "either",
    "futures",
    "hashbrown",
    "hex",
    "indexmap",
    "itertools",
    "lazy_static",
    "libc",
    "log",
    "memchr",
    "num",
    "num_traits",
    "once_cell",
    "parking_lot",
    "rand",
    "rayon",
    "regex",
    "serde",
    "serde_derive",
    "serde_json",
    "sha2",
    "smallvec",
    "thiserror",
    "time",
    "tokio",
    "tokio_util",
    "tracing",
    "tracing_subscriber",
    "url",
    "uuid",
];

/// Path roots that are never crates (`clippy::` and `rustdoc::` are lint tools).
const NOT_CRATES: &[&str] = &[
    "std", "core", "alloc", "crate", "self", "super", "clippy", "rustdoc", "rustfmt", "i8", "i16",
    "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64",
    "bool", "char", "str",
];

static USE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\buse\s+(?:::)?([A-Za-z_][A-Za-z0-9_]*)([^;]*);").expect("valid regex")
});
static PATH_ROOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^:A-Za-z0-9_])([a-z_][a-z0-9_]*)::[A-Za-z_{*]").expect("valid regex")
});
static IDENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").expect("valid regex"));
static LOCAL_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:mod|fn|let|static|const)\s+(?:mut\s+)?([a-z_][a-z0-9_]*)")
        .expect("valid regex")
});
static EXTERN_CRATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bextern\s+crate\s+([A-Za-z_][A-Za-z0-9_]*)").expect("valid regex")
});

/// The external crates a snippet refers to: roots of `use` paths and of
/// `name::…` paths, minus std, primitive types and names the snippet itself
/// declares or imports.
pub fn crates_used(code: &str) -> BTreeSet<String> {
    let code = strip_comments(code);
    let mut locals: BTreeSet<&str> = NOT_CRATES.iter().copied().collect();
    for caps in LOCAL_ITEM.captures_iter(&code) {
        locals.insert(caps.get(1).map_or("", |m| m.as_str()));
    }
    let mut roots = BTreeSet::new();
    for caps in USE_ITEM.captures_iter(&code) {
        roots.insert(caps[1].to_owned());
        // Everything a `use` brings into scope is a local name afterwards.
        for ident in IDENT.find_iter(caps.get(2).map_or("", |m| m.as_str())) {
            locals.insert(ident.as_str());
        }
    }
    for caps in EXTERN_CRATE.captures_iter(&code) {
        roots.insert(caps[1].to_owned());
    }
    for caps in PATH_ROOT.captures_iter(&code) {
        roots.insert(caps[1].to_owned());
    }
    roots.retain(|r| !locals.contains(r.as_str()));
    roots
}

/// Crates in `code` that the Playground does not have.
pub fn missing_on_playground(code: &str) -> Vec<String> {
    crates_used(code)
        .into_iter()
        .filter(|c| !PLAYGROUND_CRATES.contains(&c.as_str()))
        .collect()
}

/// Drops `//` comments and the contents of string literals (roughly), so
/// paths mentioned in prose or strings do not count as uses.
fn strip_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.lines() {
        let mut in_string = false;
        let mut previous = ' ';
        let mut kept = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                if c == '"' && previous != '\\' {
                    in_string = false;
                    kept.push('"');
                }
            } else if c == '"' {
                in_string = true;
                kept.push('"');
            } else if c == '/' && chars.peek() == Some(&'/') {
                break;
            } else {
                kept.push(c);
            }
            previous = if previous == '\\' && c == '\\' {
                ' '
            } else {
                c
            };
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The code the Playground should run for a Rust block: hidden lines shown,
/// and wrapped in `fn main` when it has none (as rustdoc and mdBook do).
pub fn runnable_code(block_body: &str) -> String {
    let mut code = String::with_capacity(block_body.len());
    for line in block_body.lines() {
        code.push_str(unhide(line).0);
        code.push('\n');
    }
    if code.contains("fn main") {
        code
    } else {
        let (attrs, body): (Vec<&str>, Vec<&str>) =
            code.lines().partition(|l| l.starts_with("#!["));
        let mut wrapped = attrs.join("\n");
        if !wrapped.is_empty() {
            wrapped.push('\n');
        }
        wrapped.push_str("fn main() {\n");
        for line in body {
            if !line.is_empty() {
                wrapped.push_str("    ");
            }
            wrapped.push_str(line);
            wrapped.push('\n');
        }
        wrapped.push_str("}\n");
        wrapped
    }
}

/// A link that opens `code` in the Rust Playground (stable, edition 2024).
pub fn playground_url(code: &str) -> String {
    format!(
        "https://play.rust-lang.org/?version=stable&mode=debug&edition=2024&code={}",
        percent_encode(code)
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_only_code_uses_no_crates() {
        let code = "use std::collections::HashMap;\nfn main() { let x = i32::MAX; let s = str::from_utf8(b\"a\"); let m: HashMap<u8, u8> = HashMap::new(); let n = \"5\".parse::<u8>(); let z = size_of::<u8>(); }";
        assert!(crates_used(code).is_empty(), "{:?}", crates_used(code));
    }

    #[test]
    fn finds_crates_in_use_items_attributes_and_paths() {
        let code = "use anyhow::Result;\n#[tokio::main]\nasync fn main() { sqlx::query(\"x\"); }";
        let used: Vec<String> = crates_used(code).into_iter().collect();
        assert_eq!(used, ["anyhow", "sqlx", "tokio"]);
        assert_eq!(missing_on_playground(code), ["sqlx"]);
    }

    #[test]
    fn imported_and_local_modules_are_not_crates() {
        let code = "use std::fmt;\nmod store { pub fn open() {} }\nimpl fmt::Display for X {}\nfn main() { store::open(); }";
        assert!(crates_used(code).is_empty(), "{:?}", crates_used(code));
    }

    #[test]
    fn comments_and_strings_do_not_count() {
        let code = "// see lapin::Channel\n#[allow(clippy::needless_return)]\nfn main() { println!(\"sqlx::query\"); }";
        assert!(crates_used(code).is_empty(), "{:?}", crates_used(code));
    }

    #[test]
    fn course_crates_are_missing_on_the_playground() {
        assert_eq!(
            missing_on_playground("use m01_core_foundations::parse;\nfn main() {}"),
            ["m01_core_foundations"]
        );
    }

    #[test]
    fn runnable_code_unhides_and_wraps() {
        let body = "# let x = 1;\nassert_eq!(x, 1);\n";
        assert_eq!(
            runnable_code(body),
            "fn main() {\n    let x = 1;\n    assert_eq!(x, 1);\n}\n"
        );
        let with_main = "fn main() {}\n";
        assert_eq!(runnable_code(with_main), with_main);
    }

    #[test]
    fn urls_are_percent_encoded() {
        let url = playground_url("fn main() { println!(\"a&b\"); }");
        assert!(url.starts_with(
            "https://play.rust-lang.org/?version=stable&mode=debug&edition=2024&code="
        ));
        assert!(url.ends_with("fn%20main%28%29%20%7B%20println%21%28%22a%26b%22%29%3B%20%7D"));
    }
}
