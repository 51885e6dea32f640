//! Lesson 01.4: `if` is an expression, `loop` can hand back a value, `while`
//! runs on a condition, `for` walks anything iterable, and labels let a
//! `break` leave an outer loop.

// ANCHOR: if_expr
/// Delay before retry number `attempt`: doubles from 100 ms, capped at 1.6 s.
/// Every branch of the `if` produces a `u64`; the whole `if` is the value.
fn backoff_ms(attempt: u32) -> u64 {
    if attempt == 0 {
        0
    } else if attempt <= 5 {
        100 * 2_u64.pow(attempt - 1)
    } else {
        1_600
    }
}
// ANCHOR_END: if_expr

// ANCHOR: flaky
/// A stand-in for a broker that is busy for the first two attempts.
fn broker_accepts(attempt: u32) -> bool {
    attempt >= 3
}
// ANCHOR_END: flaky

fn main() {
    // ANCHOR: for_range
    for attempt in 0..=6 {
        println!("attempt {attempt}: wait {} ms", backoff_ms(attempt));
    }
    // ANCHOR_END: for_range

    // ANCHOR: loop_value
    let mut attempt = 0;
    let accepted_on = loop {
        attempt += 1;
        if broker_accepts(attempt) {
            break attempt; // the value of the whole `loop` expression
        }
    };
    println!("accepted on attempt {accepted_on}");
    // ANCHOR_END: loop_value

    // ANCHOR: while_loop
    let mut pending = 23;
    let batch_size = 10;
    let mut batches = 0;
    while pending > 0 {
        let taken = pending.min(batch_size);
        pending -= taken;
        batches += 1;
        println!("batch {batches}: took {taken}, {pending} left");
    }
    // ANCHOR_END: while_loop

    // ANCHOR: ranges
    let countdown: Vec<u32> = (1..=3).rev().collect();
    let every_third: Vec<u32> = (0..10).step_by(3).collect();
    println!("countdown {countdown:?}, every third {every_third:?}");
    // ANCHOR_END: ranges

    // ANCHOR: labeled
    // Message ids per partition; 0 marks a poison message.
    let partitions = [[11, 12, 13], [21, 0, 23], [31, 32, 0]];
    let mut first_poison = None;
    'scan: for (partition, messages) in partitions.iter().enumerate() {
        for (offset, &id) in messages.iter().enumerate() {
            if id == 0 {
                first_poison = Some((partition, offset));
                break 'scan; // leaves both loops, not just the inner one
            }
        }
    }
    println!("first poison at {first_poison:?}");
    // ANCHOR_END: labeled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff_ms(0), 0);
        assert_eq!(backoff_ms(1), 100);
        assert_eq!(backoff_ms(5), 1_600);
        assert_eq!(backoff_ms(40), 1_600);
    }

    #[test]
    fn broker_accepts_from_third_attempt() {
        assert!(!broker_accepts(2));
        assert!(broker_accepts(3));
    }
}
