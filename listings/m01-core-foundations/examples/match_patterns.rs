//! Lesson 01.4: `match` and its patterns (literals, ranges, or-patterns,
//! guards, `@` bindings, tuples), plus `if let`, `let else` and `matches!`.

// ANCHOR: ranges
/// Sorts an HTTP status from a broker's management API into a decision.
fn classify_status(code: u16) -> &'static str {
    match code {
        200 | 201 | 204 => "accepted",
        429 | 503 => "retry later",
        400..=499 => "rejected",
        500..=599 => "server error",
        _ => "unexpected",
    }
}
// ANCHOR_END: ranges

// ANCHOR: guards
/// Describes how far a message is through its retry budget.
fn retry_budget(attempts: u32, max_attempts: u32) -> String {
    match attempts {
        0 => String::from("not tried yet"),
        n if n >= max_attempts => format!("exhausted after {n}"),
        n @ 1..=2 => format!("early retry ({n})"),
        n => format!("late retry ({n} of {max_attempts})"),
    }
}
// ANCHOR_END: guards

// ANCHOR: tuples
/// What the relay does next, given the connection state and the backlog.
fn next_step(connected: bool, pending: usize) -> &'static str {
    match (connected, pending) {
        (false, _) => "reconnect",
        (true, 0) => "sleep",
        (true, 1..=100) => "publish one batch",
        (true, _) => "publish, then poll again at once",
    }
}
// ANCHOR_END: tuples

// ANCHOR: let_else
const DEFAULT_BATCH: u32 = 100;

/// Reads a batch size setting; anything unparsable falls back to the default.
fn batch_size(setting: &str) -> u32 {
    let Ok(size) = setting.trim().parse::<u32>() else {
        return DEFAULT_BATCH;
    };
    size.clamp(1, 500)
}
// ANCHOR_END: let_else

// ANCHOR: matches
/// Topic names: lowercase ASCII letters, digits, dots and dashes.
fn is_valid_topic(topic: &str) -> bool {
    !topic.is_empty()
        && topic
            .chars()
            .all(|c| matches!(c, 'a'..='z' | '0'..='9' | '.' | '-'))
}
// ANCHOR_END: matches

fn main() {
    for code in [200, 429, 404, 502, 302] {
        println!("{code} -> {}", classify_status(code));
    }
    for attempts in [0, 2, 4, 5] {
        println!("{attempts} attempts -> {}", retry_budget(attempts, 5));
    }
    for (connected, pending) in [(false, 10), (true, 0), (true, 40), (true, 900)] {
        println!(
            "({connected}, {pending}) -> {}",
            next_step(connected, pending)
        );
    }

    // ANCHOR: if_let
    let header = "retry-after=30";
    if let Some((name, value)) = header.split_once('=') {
        println!("header {name} has value {value}");
    }
    // ANCHOR_END: if_let

    for setting in ["250", " 7 ", "lots", "9000"] {
        println!("batch_size({setting:?}) = {}", batch_size(setting));
    }
    for topic in ["orders.eu", "Orders", "payments-v2", ""] {
        println!("{topic:?} valid: {}", is_valid_topic(topic));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn or_patterns_come_before_ranges() {
        assert_eq!(classify_status(429), "retry later");
        assert_eq!(classify_status(404), "rejected");
        assert_eq!(classify_status(100), "unexpected");
    }

    #[test]
    fn guard_wins_over_later_arms() {
        assert_eq!(retry_budget(5, 5), "exhausted after 5");
        assert_eq!(retry_budget(2, 5), "early retry (2)");
        // With a budget of 2, the guard arm is checked first and wins.
        assert_eq!(retry_budget(2, 2), "exhausted after 2");
    }

    #[test]
    fn tuple_patterns() {
        assert_eq!(next_step(false, 0), "reconnect");
        assert_eq!(next_step(true, 100), "publish one batch");
        assert_eq!(next_step(true, 101), "publish, then poll again at once");
    }

    #[test]
    fn batch_size_falls_back_and_clamps() {
        assert_eq!(batch_size("lots"), DEFAULT_BATCH);
        assert_eq!(batch_size("0"), 1);
        assert_eq!(batch_size("9000"), 500);
    }

    #[test]
    fn topic_validation() {
        assert!(is_valid_topic("orders.eu-1"));
        assert!(!is_valid_topic("Orders"));
        assert!(!is_valid_topic(""));
    }
}
