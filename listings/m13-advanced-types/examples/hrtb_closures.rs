//! A closure stored in a `let` before it meets a higher-ranked bound, and
//! the three ways to give it the signature the bound needs.
//!
//! Run with `cargo run -p m13-advanced-types --example hrtb_closures`.

/// Takes any function of a borrowed message line, whatever the borrow's lifetime.
fn count_matching<F>(lines: &[String], keep: F) -> usize
where
    F: Fn(&str) -> bool,
{
    lines.iter().filter(|line| keep(line)).count()
}

/// Returns part of its input: the output borrows from the input.
fn first_fields<F>(lines: &[String], field: F) -> Vec<String>
where
    F: for<'a> Fn(&'a str) -> &'a str,
{
    lines.iter().map(|line| field(line).to_owned()).collect()
}

// ANCHOR: helper
/// Does nothing at run time. Its bound gives the closure passed to it the
/// higher-ranked signature, so the closure can be stored and reused.
fn field_fn<F>(field: F) -> F
where
    F: for<'a> Fn(&'a str) -> &'a str,
{
    field
}
// ANCHOR_END: helper

// ANCHOR: fn_item
/// A function item: its elided lifetimes are already "for every lifetime".
fn aggregate(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}
// ANCHOR_END: fn_item

fn main() {
    let lines: Vec<String> = [
        "order-7:OrderPlaced",
        "order-8:OrderPaid",
        "account-9:Opened",
    ]
    .map(String::from)
    .to_vec();

    // ANCHOR: annotate
    // Fix 1: annotate the parameter. `&str` with an elided lifetime in a
    // closure's parameter list means "any lifetime".
    let is_order = |line: &str| str::starts_with(line, "order-");
    println!("orders: {}", count_matching(&lines, is_order));
    // ANCHOR_END: annotate

    // ANCHOR: direct
    // Fix 2: write the closure where it is used. The bound is known there,
    // and the compiler gives the closure that signature.
    let paid = count_matching(&lines, |line| line.ends_with("Paid"));
    println!("paid: {paid}");
    let events = first_fields(&lines, |line| line.split(':').nth(1).unwrap_or(""));
    println!("events: {events:?}");
    // ANCHOR_END: direct

    // ANCHOR: constrain
    // Fix 3: a helper whose bound is the higher-ranked one, or a plain `fn`.
    let event = field_fn(|line| line.split(':').nth(1).unwrap_or(""));
    println!("events again: {:?}", first_fields(&lines, event));
    println!("aggregates: {:?}", first_fields(&lines, aggregate));
    // ANCHOR_END: constrain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines() -> Vec<String> {
        vec!["order-1:Placed".into(), "account-2:Opened".into()]
    }

    #[test]
    fn a_stored_annotated_closure_is_reusable() {
        let is_order = |line: &str| line.starts_with("order-");
        assert_eq!(count_matching(&lines(), is_order), 1);
        assert_eq!(count_matching(&lines(), is_order), 1);
    }

    #[test]
    fn the_helper_makes_a_borrow_returning_closure_storable() {
        let event = field_fn(|line| line.split(':').nth(1).unwrap_or(""));
        assert_eq!(first_fields(&lines(), event), ["Placed", "Opened"]);
        assert_eq!(first_fields(&lines(), aggregate), ["order-1", "account-2"]);
    }
}
