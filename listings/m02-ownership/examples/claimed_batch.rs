//! Lesson 02.1, in the outbox bridge: the relay owns the batch it claimed,
//! and dropping the claim without committing hands the rows back.
//!
//! Run with `cargo run -p m02-ownership --example claimed_batch`.

use std::cell::RefCell;

thread_local! {
    /// What happened to claims on this thread, for the tests. (`RefCell`: lesson 11.2.)
    static EVENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(event: String) {
    println!("  {event}");
    EVENTS.with(|events| events.borrow_mut().push(event));
}

#[cfg(test)]
fn take_events() -> Vec<String> {
    EVENTS.with(|events| events.take())
}

/// One row of the outbox table (Module 03 gives it a proper design).
struct OutboxMessage {
    id: u64,
    payload: String,
}

// ANCHOR: claim
/// Rows this relay has claimed from the outbox. While the claim exists no
/// other relay takes them; if it is dropped without `commit`, the rows go
/// back to the outbox to be retried.
struct ClaimedBatch {
    batch_id: u32,
    messages: Vec<OutboxMessage>,
    committed: bool,
}

impl ClaimedBatch {
    fn claim(batch_id: u32, messages: Vec<OutboxMessage>) -> ClaimedBatch {
        record(format!(
            "batch {batch_id}: claimed {} messages",
            messages.len()
        ));
        ClaimedBatch {
            batch_id,
            messages,
            committed: false,
        }
    }

    /// Takes `self` by value: after a commit, nobody can touch the batch.
    fn commit(mut self) {
        self.committed = true;
        record(format!("batch {}: committed", self.batch_id));
    } // `self` is dropped here, and `drop` sees `committed == true`
}

impl Drop for ClaimedBatch {
    fn drop(&mut self) {
        if self.committed {
            record(format!("batch {}: claim closed", self.batch_id));
        } else {
            let count = self.messages.len();
            record(format!(
                "batch {}: {count} messages returned to outbox",
                self.batch_id
            ));
        }
    }
}
// ANCHOR_END: claim

// ANCHOR: relay_once
/// Publishes a claimed batch. The relay owns `batch`, so every way out of this
/// function, including the early error return, ends the claim.
fn relay_once(batch: ClaimedBatch, broker_up: bool) -> Result<usize, String> {
    if !broker_up {
        return Err(format!("batch {}: broker unavailable", batch.batch_id));
    } // on this path `batch` is dropped uncommitted: rows go back
    for message in &batch.messages {
        record(format!(
            "published #{} ({} bytes)",
            message.id,
            message.payload.len()
        ));
    }
    let sent = batch.messages.len();
    batch.commit(); // ownership moves into `commit`
    Ok(sent)
}
// ANCHOR_END: relay_once

fn sample(first_id: u64) -> Vec<OutboxMessage> {
    (first_id..first_id + 2)
        .map(|id| OutboxMessage {
            id,
            payload: format!("{{\"order\":{id}}}"),
        })
        .collect()
}

fn main() {
    println!("broker up:");
    let result = relay_once(ClaimedBatch::claim(1, sample(17)), true);
    println!("  -> {result:?}");
    println!("broker down:");
    let result = relay_once(ClaimedBatch::claim(2, sample(19)), false);
    println!("  -> {result:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_batch_closes_its_claim() {
        assert_eq!(relay_once(ClaimedBatch::claim(7, sample(1)), true), Ok(2));
        let events = take_events();
        assert_eq!(
            events.last().map(String::as_str),
            Some("batch 7: claim closed")
        );
    }

    #[test]
    fn an_early_return_hands_the_rows_back() {
        assert!(relay_once(ClaimedBatch::claim(8, sample(1)), false).is_err());
        assert_eq!(
            take_events(),
            [
                "batch 8: claimed 2 messages",
                "batch 8: 2 messages returned to outbox",
            ]
        );
    }
}
