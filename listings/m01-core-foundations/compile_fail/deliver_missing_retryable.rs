// Try it 1 of lesson 01.4: `deliver` in `relay_sim.rs` without the unguarded
// `PublishOutcome::Retryable` in its last arm. Fails with E0004: a guarded arm
// does not count towards exhaustiveness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PublishOutcome {
    Acked,
    Retryable,
    Poison,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Sent,
    DeadLettered,
}

const MAX_ATTEMPTS: u32 = 4;

fn publish(message_id: u32, attempt: u32) -> PublishOutcome {
    match (message_id, attempt) {
        (13, _) => PublishOutcome::Poison,
        (7, 1..=2) => PublishOutcome::Retryable,
        _ => PublishOutcome::Acked,
    }
}

fn deliver(message_id: u32) -> (Mark, u32) {
    let mut attempt = 1;
    loop {
        match publish(message_id, attempt) {
            PublishOutcome::Acked => return (Mark::Sent, attempt),
            PublishOutcome::Retryable if attempt < MAX_ATTEMPTS => attempt += 1,
            PublishOutcome::Poison => {
                return (Mark::DeadLettered, attempt);
            }
        }
    }
}

fn main() {
    println!("{:?}", deliver(7));
}
