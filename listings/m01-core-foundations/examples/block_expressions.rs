//! Lesson 01.1: blocks are expressions, and their last line is their value.
//!
//! Run with `cargo run -p m01-core-foundations --example block_expressions`.

/// Backoff before retry number `attempt` (1-based): 100 ms, doubling each time.
fn backoff_ms(attempt: u32) -> u64 {
    // ANCHOR: block
    let delay = {
        let base_ms: u64 = 100;
        let doublings = attempt.saturating_sub(1);
        base_ms * 2_u64.pow(doublings) // no semicolon: this is the block's value
    };
    // `base_ms` and `doublings` are gone here; only `delay` remains.
    // ANCHOR_END: block
    delay
}

// ANCHOR: fn_tail
/// A function body is a block too: its last expression is the return value.
fn queue_name(environment: &str) -> String {
    let prefix = "outbox";
    format!("{prefix}.{environment}.events")
}
// ANCHOR_END: fn_tail

/// `if` is an expression, so it can sit on the right of a `let`.
fn status_label(pending: usize) -> &'static str {
    // ANCHOR: if_expr
    let label = if pending == 0 { "idle" } else { "busy" };
    // ANCHOR_END: if_expr
    label
}

fn main() {
    println!("backoff for attempt 1: {} ms", backoff_ms(1));
    println!("backoff for attempt 4: {} ms", backoff_ms(4));
    println!("queue: {}", queue_name("staging"));
    println!("relay with 0 pending is {}", status_label(0));
    println!("relay with 7 pending is {}", status_label(7));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles() {
        assert_eq!(backoff_ms(1), 100);
        assert_eq!(backoff_ms(2), 200);
        assert_eq!(backoff_ms(4), 800);
    }

    #[test]
    fn tail_expressions_are_values() {
        assert_eq!(queue_name("prod"), "outbox.prod.events");
        assert_eq!(status_label(0), "idle");
        assert_eq!(status_label(3), "busy");
    }
}
