//! Lesson 01.4, in the outbox bridge: a deterministic simulation of the
//! relay's main loop. Poll a batch; if it is empty, back off; otherwise
//! publish each message, retrying transient failures and dead-lettering
//! poison messages. No clock, no broker: scripted batches and a scripted
//! broker make every run print the same thing.
//!
//! The enums here are plain lists of names. Enums that carry data, and the
//! real `OutboxMessage` type, arrive in Module 03.

// ANCHOR: outcome
/// What the broker said about one publish attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PublishOutcome {
    /// The broker confirmed the message.
    Acked,
    /// A transient failure (broker busy, connection reset): try again.
    Retryable,
    /// The message can never be delivered (bad payload): stop trying.
    Poison,
}

/// How the relay marks a message in the outbox when it is done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Sent,
    DeadLettered,
}

const MAX_ATTEMPTS: u32 = 4;
// ANCHOR_END: outcome

// ANCHOR: broker
/// A scripted broker: the message id and attempt number decide the outcome.
fn publish(message_id: u32, attempt: u32) -> PublishOutcome {
    match (message_id, attempt) {
        (13, _) => PublishOutcome::Poison,
        (7, 1..=2) => PublishOutcome::Retryable,
        (9, _) => PublishOutcome::Retryable, // never recovers
        _ => PublishOutcome::Acked,
    }
}
// ANCHOR_END: broker

// ANCHOR: deliver
/// Publishes one message, retrying while the failure is transient and the
/// budget lasts. Returns how it ended and after how many attempts.
fn deliver(message_id: u32) -> (Mark, u32) {
    let mut attempt = 1;
    loop {
        match publish(message_id, attempt) {
            PublishOutcome::Acked => return (Mark::Sent, attempt),
            PublishOutcome::Retryable if attempt < MAX_ATTEMPTS => attempt += 1,
            PublishOutcome::Retryable | PublishOutcome::Poison => {
                return (Mark::DeadLettered, attempt);
            }
        }
    }
}
// ANCHOR_END: deliver

// ANCHOR: idle
/// Sleep after `idle_polls` empty polls in a row: 50, 100, 200, ... capped at 400 ms.
fn idle_backoff_ms(idle_polls: u32) -> u64 {
    let doublings = idle_polls.saturating_sub(1).min(3); // 50 * 2^3 = 400
    50 * 2_u64.pow(doublings)
}
// ANCHOR_END: idle

// ANCHOR: main
fn main() {
    // What each poll of the outbox returns: ids of unsent messages, in order.
    let polls: [&[u32]; 6] = [&[5, 6, 7], &[], &[], &[13, 9], &[], &[14]];

    let mut idle_polls = 0;
    let mut slept_ms = 0;
    let (mut sent, mut dead) = (0, 0);

    for (poll, batch) in polls.iter().enumerate() {
        if batch.is_empty() {
            idle_polls += 1;
            let pause = idle_backoff_ms(idle_polls);
            slept_ms += pause;
            println!("poll {poll}: empty, sleep {pause} ms");
            continue;
        }
        idle_polls = 0;
        for &id in batch.iter() {
            let (mark, attempts) = deliver(id);
            match mark {
                Mark::Sent => sent += 1,
                Mark::DeadLettered => dead += 1,
            }
            println!("poll {poll}: message {id} -> {mark:?} after {attempts} attempt(s)");
        }
    }
    println!("sent {sent}, dead-lettered {dead}, slept {slept_ms} ms");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acked_first_time() {
        assert_eq!(deliver(5), (Mark::Sent, 1));
    }

    #[test]
    fn transient_failures_are_retried() {
        assert_eq!(deliver(7), (Mark::Sent, 3));
    }

    #[test]
    fn poison_is_dead_lettered_at_once() {
        assert_eq!(deliver(13), (Mark::DeadLettered, 1));
    }

    #[test]
    fn retry_budget_runs_out() {
        assert_eq!(deliver(9), (Mark::DeadLettered, MAX_ATTEMPTS));
    }

    #[test]
    fn idle_backoff_doubles_and_caps() {
        assert_eq!(idle_backoff_ms(1), 50);
        assert_eq!(idle_backoff_ms(2), 100);
        assert_eq!(idle_backoff_ms(4), 400);
        assert_eq!(idle_backoff_ms(u32::MAX), 400);
    }
}
