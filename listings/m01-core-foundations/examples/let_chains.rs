//! Lesson 01.4: let chains (edition 2024 only). Several `let` patterns and
//! boolean conditions joined with `&&` in one `if`, without nesting.
//!
//! This file compiles because the crate uses edition 2024; under edition
//! 2021 the same `if` is rejected.

// ANCHOR: chain
/// Reads a `retry-after=<seconds>` header, accepting at most one hour.
fn retry_after_secs(header: &str) -> Option<u32> {
    if let Some((name, value)) = header.split_once('=')
        && name == "retry-after"
        && let Ok(secs) = value.parse::<u32>()
        && secs <= 3_600
    {
        Some(secs)
    } else {
        None
    }
}
// ANCHOR_END: chain

fn main() {
    for header in [
        "retry-after=30",
        "retry-after=soon",
        "timeout=30",
        "retry-after=86400",
    ] {
        println!("{header:?} -> {:?}", retry_after_secs(header));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_must_hold() {
        assert_eq!(retry_after_secs("retry-after=30"), Some(30));
        assert_eq!(retry_after_secs("retry-after=soon"), None);
        assert_eq!(retry_after_secs("timeout=30"), None);
        assert_eq!(retry_after_secs("retry-after=86400"), None);
    }
}
