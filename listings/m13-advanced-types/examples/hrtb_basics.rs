//! Higher-ranked trait bounds: a closure that must work for every lifetime.
//!
//! Run with `cargo run -p m13-advanced-types --example hrtb_basics`.

// ANCHOR: elided
/// Calls `measure` on a string that lives only inside this function.
/// No lifetime the caller could name fits that borrow, so the bound says
/// "for every lifetime": `Fn(&str) -> usize` is short for the line below.
fn measure_local<F>(measure: F) -> usize
where
    F: Fn(&str) -> usize,
{
    let line = String::from("order-7:OrderPlaced");
    measure(&line)
}

/// The same bound, written out.
fn measure_local_explicit<F>(measure: F) -> usize
where
    F: for<'a> Fn(&'a str) -> usize,
{
    let line = String::from("order-7:OrderPlaced");
    measure(&line)
}
// ANCHOR_END: elided

// ANCHOR: returns
/// Applies `pick` to borrows with two unrelated lifetimes: a local, and the
/// caller's `text`. The output borrows from whichever input it was given.
fn pick_both<'t, F>(text: &'t str, pick: F) -> (String, &'t str)
where
    F: for<'a> Fn(&'a str) -> &'a str,
{
    let local = String::from("account-9:AccountOpened");
    let from_local = pick(&local).to_owned(); // must be copied out: `local` dies here
    let from_caller = pick(text); // may be returned: it borrows from `text`
    (from_local, from_caller)
}

/// The aggregate part of `aggregate:event`.
fn aggregate_of(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}
// ANCHOR_END: returns

// ANCHOR: main
fn main() {
    let length = measure_local(|line| line.len());
    let colon = measure_local_explicit(|line| line.find(':').unwrap_or(0));
    println!("length {length}, colon at {colon}");

    let (local, caller) = pick_both("order-7:OrderPlaced", aggregate_of);
    println!("from the local: {local}, from the caller: {caller}");

    let (local, caller) = pick_both("order-8:OrderPaid", |line| line.trim_end_matches("Paid"));
    println!("from the local: {local}, from the caller: {caller}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elided_and_explicit_bounds_accept_the_same_closures() {
        let count_colons = |line: &str| line.matches(':').count();
        assert_eq!(measure_local(count_colons), 1);
        assert_eq!(measure_local_explicit(count_colons), 1);
    }

    #[test]
    fn the_output_borrows_from_the_input_it_was_given() {
        let text = String::from("order-1:OrderPlaced");
        let (local, caller) = pick_both(&text, aggregate_of);
        assert_eq!(local, "account-9");
        assert_eq!(caller, "order-1");
    }
}
