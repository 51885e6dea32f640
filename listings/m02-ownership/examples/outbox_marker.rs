//! Lesson 02.4, in the outbox bridge: several publishers read one batch at the
//! same time through `&`; then the marker records the results through `&mut`.
//!
//! Run with `cargo run -p m02-ownership --example outbox_marker`.

use std::thread;

/// One outbox row and what happened to it.
#[derive(Debug)]
struct OutboxMessage {
    id: u64,
    payload: String,
    attempts: u32,
    sent: bool,
    last_error: Option<String>,
}

fn claim_batch() -> Vec<OutboxMessage> {
    ["{\"total\":42}", "", "{\"due\":7}"]
        .into_iter()
        .zip(17..)
        .map(|(payload, id)| OutboxMessage {
            id,
            payload: payload.to_string(),
            attempts: 0,
            sent: false,
            last_error: None,
        })
        .collect()
}

// ANCHOR: readers
/// The broker publisher reads the batch and reports one outcome per message.
fn publish_to_broker(batch: &[OutboxMessage]) -> Vec<Result<(), String>> {
    batch
        .iter()
        .map(|message| {
            if message.payload.is_empty() {
                Err(String::from("empty payload"))
            } else {
                Ok(())
            }
        })
        .collect()
}

/// The audit publisher reads the same batch and writes one line per message.
fn publish_to_audit_log(batch: &[OutboxMessage]) -> Vec<String> {
    batch
        .iter()
        .map(|message| format!("audit #{} {}B", message.id, message.payload.len()))
        .collect()
}
// ANCHOR_END: readers

// ANCHOR: marker
/// The marker writes each outcome into its message, so it needs `&mut`.
fn mark(batch: &mut [OutboxMessage], outcomes: Vec<Result<(), String>>) {
    for (message, outcome) in batch.iter_mut().zip(outcomes) {
        message.attempts += 1;
        match outcome {
            Ok(()) => message.sent = true,
            Err(reason) => message.last_error = Some(reason),
        }
    }
}
// ANCHOR_END: marker

// ANCHOR: relay
/// One round: read-only fan-out first, exclusive marking second.
fn relay_round(batch: &mut [OutboxMessage]) -> Vec<String> {
    let shared: &[OutboxMessage] = batch; // reborrow as shared for phase 1
    let (outcomes, audit_lines) = thread::scope(|scope| {
        let broker = scope.spawn(|| publish_to_broker(shared));
        let audit = scope.spawn(|| publish_to_audit_log(shared));
        (
            broker.join().expect("the broker publisher does not panic"),
            audit.join().expect("the audit publisher does not panic"),
        )
    }); // both readers are finished here, so `shared` is no longer used
    mark(batch, outcomes); // phase 2: the one writer
    audit_lines
}
// ANCHOR_END: relay

fn main() {
    let mut batch = claim_batch();
    for line in relay_round(&mut batch) {
        println!("{line}");
    }
    for message in &batch {
        let error = message.last_error.as_deref().unwrap_or("-");
        println!(
            "#{}: sent={} attempts={} error={error}",
            message.id, message.sent, message.attempts
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_records_every_outcome() {
        let mut batch = claim_batch();
        let audit = relay_round(&mut batch);
        assert_eq!(audit.len(), 3);
        let sent: Vec<bool> = batch.iter().map(|message| message.sent).collect();
        assert_eq!(sent, [true, false, true]);
        assert_eq!(batch[1].last_error.as_deref(), Some("empty payload"));
        assert!(batch.iter().all(|message| message.attempts == 1));
    }
}
