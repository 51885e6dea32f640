//! Lesson 02.6: lifetime parameters on functions.
//!
//! Run with `cargo run -p m02-ownership --example longest`.

// ANCHOR: longest
/// Returns the longer of two topic names. Which input the result borrows
/// from is decided at run time, so the signature ties both inputs and the
/// output to one lifetime `'a`: the result is valid only where both are.
fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() >= b.len() { a } else { b }
}
// ANCHOR_END: longest

// ANCHOR: first_word
/// The text before the first `sep`, or all of `s` when there is none.
/// The result borrows from `s` only; `sep` gets its own (elided) lifetime,
/// so the caller may drop the separator straight after the call.
fn first_word<'a>(s: &'a str, sep: &str) -> &'a str {
    s.split_once(sep).map_or(s, |(first, _rest)| first)
}
// ANCHOR_END: first_word

fn calls() -> Vec<String> {
    let mut out = Vec::new();
    // ANCHOR: calls
    let primary = String::from("orders.v2"); // [1]
    {
        let fallback = String::from("orders"); // [2]
        let winner = longest(&primary, &fallback); // [3] the call
        out.push(format!("longest: {winner}")); // [4] last use, inside 'a
    } // [5] `fallback` is dropped: 'a has ended

    let head;
    {
        let sep = String::from("."); // built at run time, e.g. read from config
        head = first_word(&primary, &sep); // tied to `primary` only
    } // `sep` is dropped, `head` is unaffected
    out.push(format!("first word: {head}"));
    // ANCHOR_END: calls
    out
}

fn main() {
    for line in calls() {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_picks_the_longer_and_prefers_the_first_on_a_tie() {
        assert_eq!(longest("orders.v2", "orders"), "orders.v2");
        assert_eq!(longest("audit", "orders"), "orders");
        assert_eq!(longest("ab", "cd"), "ab");
    }

    #[test]
    fn first_word_splits_at_the_separator() {
        assert_eq!(first_word("orders.v2", "."), "orders");
        assert_eq!(first_word("orders", "."), "orders");
        assert_eq!(first_word("a::b::c", "::"), "a");
    }

    #[test]
    fn results_borrow_from_the_input_they_are_tied_to() {
        assert_eq!(calls(), ["longest: orders.v2", "first word: orders"]);
    }
}
