//! Lesson 01.1: the outbox bridge reads its settings once, at start-up, and
//! shadows each raw string with the parsed value.
//!
//! Run with `cargo run -p m01-core-foundations --example config_shadowing`.

/// Used when `OUTBOX_BATCH_SIZE` is not set (the bridge's default too).
const DEFAULT_BATCH_SIZE: &str = "500";
/// The largest batch the bridge accepts; anything outside `1..=10_000` is refused.
const MAX_BATCH_SIZE: usize = 10_000;

// ANCHOR: batch_size
/// Turns the raw value of `OUTBOX_BATCH_SIZE` (if any) into a batch size.
/// In the service, `raw` is `std::env::var("OUTBOX_BATCH_SIZE").ok()`.
fn batch_size_from(raw: Option<&str>) -> Result<usize, String> {
    let batch_size = raw.unwrap_or(DEFAULT_BATCH_SIZE); // &str
    let batch_size: usize = batch_size
        .trim()
        .parse()
        // Inside this closure `batch_size` is still the `&str`: the new
        // binding only starts once the whole `let` statement is done.
        .map_err(|error| format!("OUTBOX_BATCH_SIZE {batch_size:?}: {error}"))?; // usize
    if batch_size == 0 || batch_size > MAX_BATCH_SIZE {
        return Err(format!(
            "OUTBOX_BATCH_SIZE must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}"
        ));
    }
    Ok(batch_size)
}
// ANCHOR_END: batch_size

// ANCHOR: message_id
/// Describes one outbox row for a log line. Parameters are immutable
/// bindings: this function cannot renumber the message it was given.
fn describe(message_id: i64, aggregate_id: &str, event: &str) -> String {
    format!("#{message_id} {event} for {aggregate_id}")
}
// ANCHOR_END: message_id

fn main() {
    // Four environments the relay might start in.
    for raw in [None, Some(" 250 "), Some("50000"), Some("lots")] {
        let label = format!("{raw:?}");
        match batch_size_from(raw) {
            Ok(size) => println!("{label:<14} -> batch size {size}"),
            Err(error) => println!("{label:<14} -> refuse to start: {error}"),
        }
    }

    // ANCHOR: ids
    let message_id = 1042_i64;
    let mut sent = 0;
    println!("{}", describe(message_id, "order-17", "OrderPlaced"));
    sent += 1;
    println!("sent {sent} message(s), last id {message_id}");
    // ANCHOR_END: ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_value_uses_the_default() {
        assert_eq!(batch_size_from(None), Ok(500));
    }

    #[test]
    fn value_is_trimmed_and_range_checked() {
        assert_eq!(batch_size_from(Some(" 250 ")), Ok(250));
        assert_eq!(batch_size_from(Some("10000")), Ok(MAX_BATCH_SIZE));
        assert_eq!(
            batch_size_from(Some("50000")),
            Err("OUTBOX_BATCH_SIZE must be between 1 and 10000, got 50000".to_owned())
        );
        assert!(batch_size_from(Some("0")).is_err());
    }

    #[test]
    fn garbage_is_an_error_not_a_default() {
        assert_eq!(
            batch_size_from(Some("lots")),
            Err("OUTBOX_BATCH_SIZE \"lots\": invalid digit found in string".to_owned())
        );
        assert!(batch_size_from(Some("-5")).is_err());
    }

    #[test]
    fn describe_names_the_message() {
        assert_eq!(
            describe(7, "order-1", "OrderPaid"),
            "#7 OrderPaid for order-1"
        );
    }
}
