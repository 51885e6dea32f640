//! Lesson 03.4: iterating over Options and Results: all-or-nothing with
//! `collect`, keep-what-works with `filter_map` and `flatten`.

// ANCHOR: strict
/// An operator's re-drive list: one message id per line. One bad line
/// rejects the whole list, so nobody re-drives half of what they meant to.
fn parse_redrive_list(lines: &[&str]) -> Result<Vec<i64>, String> {
    lines
        .iter()
        .map(|line| {
            line.trim()
                .parse::<i64>()
                .map_err(|e| format!("line {line:?}: {e}"))
        })
        .collect()
}
// ANCHOR_END: strict

// ANCHOR: lenient
/// A metrics scrape, where a bad sample is skipped, not fatal.
fn parse_samples(lines: &[&str]) -> Vec<u64> {
    lines.iter().filter_map(|line| line.parse().ok()).collect()
}

/// Delivery tags the broker confirmed; `None` where no confirm arrived.
fn confirmed_tags(confirms: &[Option<u64>]) -> Vec<u64> {
    confirms.iter().flatten().copied().collect()
}

/// All or nothing again, with Option: `Some` only if every confirm arrived.
fn all_confirmed(confirms: &[Option<u64>]) -> Option<Vec<u64>> {
    confirms.iter().copied().collect()
}
// ANCHOR_END: lenient

fn main() {
    // ANCHOR: main
    println!("{:?}", parse_redrive_list(&["17", " 18 ", "21"]));
    println!("{:?}", parse_redrive_list(&["17", "eighteen", "x"]));
    println!("{:?}", parse_samples(&["120", "n/a", "95", "-1"]));

    let confirms = [Some(1), None, Some(3)];
    println!(
        "{:?} {:?}",
        confirmed_tags(&confirms),
        all_confirmed(&confirms)
    );
    println!("{:?}", all_confirmed(&[Some(1), Some(2)]));

    // An Option is a collection of zero or one items.
    let mut ids = vec![1, 2];
    let retried: Option<i64> = Some(3);
    let skipped: Option<i64> = None;
    ids.extend(retried); // adds one item
    ids.extend(skipped); // adds nothing
    let total: i64 = ids.iter().chain(Some(&4)).sum();
    println!("{ids:?}, total with one more: {total}");
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_stops_at_the_first_error() {
        assert_eq!(parse_redrive_list(&["1", "2"]), Ok(vec![1, 2]));
        let err = parse_redrive_list(&["1", "two", "three"]).expect_err("line two is not a number");
        assert_eq!(err, r#"line "two": invalid digit found in string"#);
        assert_eq!(parse_redrive_list(&[]), Ok(vec![]));
    }

    #[test]
    fn lenient_parsers_keep_what_works() {
        assert_eq!(parse_samples(&["1", "x", "3"]), [1, 3]);
        assert_eq!(confirmed_tags(&[None, Some(9)]), [9]);
        assert_eq!(all_confirmed(&[None, Some(9)]), None);
    }
}
