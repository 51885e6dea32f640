//! Lesson 01.3, in the outbox bridge: parsing an outbox line such as
//! `order-42|OrderPlaced|{"total":1999}` without allocating. Every field the
//! parser returns is a `&str` borrowed from the input line.

// ANCHOR: parse
/// Splits `aggregate-id|event-type|payload` into its three fields.
///
/// Only the first two `|` separate fields, so a payload may itself contain
/// `|`. Returns `None` (via `?`) when a separator is missing.
fn split_line(line: &str) -> Option<(&str, &str, &str)> {
    let (aggregate, rest) = line.split_once('|')?;
    let (event_type, payload) = rest.split_once('|')?;
    Some((aggregate, event_type, payload))
}

/// Splits an aggregate such as `order-42` into its kind and numeric id.
fn split_aggregate(aggregate: &str) -> Option<(&str, u64)> {
    let (kind, id) = aggregate.rsplit_once('-')?;
    let id = id.parse().ok()?;
    Some((kind, id))
}
// ANCHOR_END: parse

// ANCHOR: main
const OUTBOX_DUMP: &str = r#"order-42|OrderPlaced|{"total":1999}
order-7|OrderShipped|{}
payment-9|PaymentCaptured|{"note":"split|me"}
garbage without separators
order-x|OrderPlaced|{}"#;

fn main() {
    for line in OUTBOX_DUMP.lines() {
        let Some((aggregate, event_type, payload)) = split_line(line) else {
            println!("skip, no fields: {line:?}");
            continue;
        };
        let Some((kind, id)) = split_aggregate(aggregate) else {
            println!("skip, bad aggregate: {aggregate:?}");
            continue;
        };
        println!("{kind} #{id}: {event_type} payload={payload}");
        println!(
            "  payload borrowed from the line: {}",
            borrows_from(line, payload)
        );
    }
}
// ANCHOR_END: main

/// True when `part` lies inside `whole`'s bytes, which shows it is a view
/// into the input rather than a copy.
fn borrows_from(whole: &str, part: &str) -> bool {
    whole.as_bytes().as_ptr_range().contains(&part.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_fields() {
        let line = r#"order-42|OrderPlaced|{"total":1999}"#;
        assert_eq!(
            split_line(line),
            Some(("order-42", "OrderPlaced", r#"{"total":1999}"#))
        );
    }

    #[test]
    fn payload_may_contain_the_separator() {
        let (_, _, payload) = split_line("a-1|E|x|y|z").expect("two separators");
        assert_eq!(payload, "x|y|z");
    }

    #[test]
    fn fields_are_views_into_the_line() {
        let line = String::from("order-42|OrderPlaced|{}");
        let (aggregate, event_type, payload) = split_line(&line).expect("valid line");
        assert!(borrows_from(&line, aggregate));
        assert!(borrows_from(&line, event_type));
        assert!(borrows_from(&line, payload));
    }

    #[test]
    fn rejects_malformed_input() {
        assert_eq!(split_line("no separators"), None);
        assert_eq!(split_aggregate("order-x"), None);
        assert_eq!(split_aggregate("order42"), None);
        assert_eq!(split_aggregate("order-42"), Some(("order", 42)));
    }
}
