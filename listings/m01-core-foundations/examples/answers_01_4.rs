//! Answers to the "Try it" exercises of lesson 01.4.
//!
//! Run with `cargo run -p m01-core-foundations --example answers_01_4`.
//! Exercise 1 is a compile error, in `compile_fail/deliver_missing_retryable.rs`;
//! exercise 5's two errors are in `compile_fail/len_after_consuming_loop.rs`
//! and `compile_fail/hand_over_borrowed_topic.rs`.

// ANCHOR: answer2
/// `deliver` from `relay_sim.rs` with the budget as a parameter, so the
/// tests can run it with `MAX_ATTEMPTS` at 4 (the listing) and at 2.
mod answer2 {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum PublishOutcome {
        Acked,
        Retryable,
        Poison,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Mark {
        Sent,
        DeadLettered,
    }

    fn publish(message_id: u32, attempt: u32) -> PublishOutcome {
        match (message_id, attempt) {
            (13, _) => PublishOutcome::Poison,
            (7, 1..=2) => PublishOutcome::Retryable,
            (9, _) => PublishOutcome::Retryable,
            _ => PublishOutcome::Acked,
        }
    }

    pub(crate) fn deliver(message_id: u32, max_attempts: u32) -> (Mark, u32) {
        let mut attempt = 1;
        loop {
            match publish(message_id, attempt) {
                PublishOutcome::Acked => return (Mark::Sent, attempt),
                PublishOutcome::Retryable if attempt < max_attempts => attempt += 1,
                PublishOutcome::Retryable | PublishOutcome::Poison => {
                    return (Mark::DeadLettered, attempt);
                }
            }
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// The labeled scan of `if_and_loops.rs` with a plain `break`: it leaves
/// only the inner loop, so every later poison message overwrites the result.
fn first_poison_without_label(partitions: &[[u32; 3]]) -> Option<(usize, usize)> {
    let mut first_poison = None;
    for (partition, messages) in partitions.iter().enumerate() {
        for (offset, &id) in messages.iter().enumerate() {
            if id == 0 {
                first_poison = Some((partition, offset));
                break; // the inner loop only: the outer one carries on
            }
        }
    }
    first_poison
}
// ANCHOR_END: answer3

// ANCHOR: answer4
/// `retry_budget` from `match_patterns.rs` with the guard arm moved below
/// the `n @ 1..=2` arm. Arms are tried top to bottom, so a count of 1 or 2
/// now reads as an early retry even when it has used up the budget.
fn retry_budget_reordered(attempts: u32, max_attempts: u32) -> String {
    match attempts {
        0 => String::from("not tried yet"),
        n @ 1..=2 => format!("early retry ({n})"),
        n if n >= max_attempts => format!("exhausted after {n}"),
        n => format!("late retry ({n} of {max_attempts})"),
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
/// `hand_over` takes ownership, as in `for_by_ref.rs`.
fn hand_over(topic: String) -> usize {
    topic.len()
}

/// The two versions of `for_by_ref.rs` that compile. Both return
/// `(topics.len(), bytes handed over)`.
fn len_before_the_loop() -> (usize, usize) {
    let topics = vec![String::from("orders"), String::from("payments")];
    let count = topics.len(); // read it while `topics` still owns the Vec
    let mut handed = 0;
    for topic in topics {
        handed += hand_over(topic);
    }
    (count, handed)
}

fn loop_over_a_clone() -> (usize, usize) {
    let topics = vec![String::from("orders"), String::from("payments")];
    let mut handed = 0;
    for topic in topics.clone() {
        // the clone is consumed; each `topic` is an owned copy of a String
        handed += hand_over(topic);
    }
    (topics.len(), handed)
}
// ANCHOR_END: answer5

fn main() {
    use answer2::deliver;
    println!("answer 2, MAX_ATTEMPTS = 2:");
    for id in [5, 7, 13, 9] {
        println!("  message {id} -> {:?}", deliver(id, 2));
    }
    println!("answer 3:");
    let partitions = [[11, 12, 13], [21, 0, 23], [31, 32, 0]];
    println!(
        "  poison found without the label: {:?}",
        first_poison_without_label(&partitions)
    );
    println!("answer 4:");
    println!("  retry_budget(2, 2) = {:?}", retry_budget_reordered(2, 2));
    println!("answer 5:");
    println!("  len before the loop: {:?}", len_before_the_loop());
    println!("  loop over a clone:   {:?}", loop_over_a_clone());
}

#[cfg(test)]
mod tests {
    use super::answer2::{Mark, deliver};
    use super::*;

    // ANCHOR: answer2_test
    #[test]
    fn answer2_a_budget_of_two() {
        // transient_failures_are_retried now fails: 7 gives up after 2.
        assert_eq!(deliver(7, 4), (Mark::Sent, 3));
        assert_eq!(deliver(7, 2), (Mark::DeadLettered, 2));
        // retry_budget_runs_out still passes: it compares with the constant.
        assert_eq!(deliver(9, 2), (Mark::DeadLettered, 2));
        // The budget plays no part in these two.
        assert_eq!(deliver(5, 2), (Mark::Sent, 1));
        assert_eq!(deliver(13, 2), (Mark::DeadLettered, 1));
    }
    // ANCHOR_END: answer2_test

    #[test]
    fn answer3_a_plain_break_reports_the_last_poison() {
        let partitions = [[11, 12, 13], [21, 0, 23], [31, 32, 0]];
        assert_eq!(first_poison_without_label(&partitions), Some((2, 2)));
    }

    #[test]
    fn answer4_order_of_arms_decides() {
        assert_eq!(retry_budget_reordered(2, 2), "early retry (2)");
        assert_eq!(retry_budget_reordered(5, 5), "exhausted after 5");
    }

    #[test]
    fn answer5_both_fixes_compile_and_agree() {
        assert_eq!(len_before_the_loop(), (2, 14));
        assert_eq!(loop_over_a_clone(), (2, 14));
    }
}
