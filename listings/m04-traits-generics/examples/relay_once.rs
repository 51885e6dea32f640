//! Lesson 04.2: one turn of the relay, written once against the bridge's
//! `OutboxStore` and `Publisher` traits and compiled for each pair of types.
//!
//! Run with `cargo run -p m04-traits-generics --example relay_once`.

use futures::executor::block_on;
use outbox_core::{
    AggregateId, MessageId, MessageState, OutboxMessage, OutboxStore, PublishError, Publisher,
    RetryPolicy, StoreError, UnixMillis, Updates, settle,
};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

const BATCH_SIZE: usize = 10;
const LEASE: Duration = Duration::from_secs(30);

// ANCHOR: relay_once
/// One turn of the relay loop: claim a batch, publish it, record the outcome.
///
/// Generic over both seams: the compiler builds one copy of this function for
/// each (store, publisher) pair it is called with, and every call inside it
/// goes straight to that pair's methods.
async fn relay_once<S: OutboxStore, P: Publisher>(
    store: &S,
    publisher: &P,
) -> Result<Updates, StoreError> {
    let batch = store.claim(BATCH_SIZE, LEASE).await?;
    let results = publisher.publish(&batch).await;
    let updates = settle(&batch, results.into_iter().map(Some).collect()).into_updates(
        &batch,
        &RetryPolicy::default(),
        UnixMillis::now(),
        || 0.5,
    );
    if !updates.is_empty() {
        store.record(&updates).await?;
    }
    Ok(updates)
}
// ANCHOR_END: relay_once

// ANCHOR: store
/// An outbox kept in a `Vec`: enough to test the relay without a database.
#[derive(Debug, Default)]
struct MemoryStore {
    rows: Mutex<Vec<(OutboxMessage, MessageState)>>,
}

impl OutboxStore for MemoryStore {
    async fn claim(&self, limit: usize, lease: Duration) -> Result<Vec<OutboxMessage>, StoreError> {
        let now = UnixMillis::now();
        let mut claimed = Vec::new();
        for (message, state) in self.rows().iter_mut() {
            if claimed.len() == limit {
                break;
            }
            // The state machine decides; a refused claim just skips the row.
            if let Ok(next) = state.clone().claim(now, now.after(lease)) {
                *state = next;
                claimed.push(message.clone());
            }
        }
        Ok(claimed)
    }

    async fn record(&self, updates: &Updates) -> Result<(), StoreError> {
        let now = UnixMillis::now();
        let mut rows = self.rows();
        for (message, state) in rows.iter_mut() {
            let id = message.id;
            let next = if updates.sent.iter().any(|(sent, _)| *sent == id) {
                state.clone().sent(now)
            } else if updates.released.contains(&id) {
                state.clone().release(now)
            } else if let Some((_, failed)) = updates.failed.iter().find(|(f, _)| *f == id) {
                Ok(failed.clone())
            } else {
                continue;
            };
            *state = next.map_err(|e| StoreError::Other(Box::new(e)))?;
        }
        Ok(())
    }
}
// ANCHOR_END: store

impl MemoryStore {
    /// Appends a pending message, as the application's transaction would.
    fn insert(&self, message: OutboxMessage) {
        let state = MessageState::new(message.created_at);
        self.rows().push((message, state));
    }

    /// Each row's id and state name, in insertion order.
    fn states(&self) -> Vec<(MessageId, &'static str)> {
        self.rows().iter().map(|(m, s)| (m.id, s.name())).collect()
    }

    fn rows(&self) -> MutexGuard<'_, Vec<(OutboxMessage, MessageState)>> {
        // Every update above is a single assignment, so a poisoned lock
        // still guards consistent rows.
        self.rows.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// ANCHOR: publishers
/// Accepts everything except empty payloads, and remembers what it took.
#[derive(Debug, Default)]
struct MemoryPublisher {
    accepted: Mutex<Vec<MessageId>>,
}

impl Publisher for MemoryPublisher {
    fn name(&self) -> &str {
        "memory"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        let mut accepted = self.accepted.lock().unwrap_or_else(PoisonError::into_inner);
        batch
            .iter()
            .map(|message| {
                if message.payload.is_empty() {
                    return Err(PublishError::Rejected("empty payload".to_string()));
                }
                accepted.push(message.id);
                Ok(())
            })
            .collect()
    }
}

/// Prints each message instead of sending it: the bridge's default sink.
#[derive(Debug)]
struct StdoutPublisher;

impl Publisher for StdoutPublisher {
    fn name(&self) -> &str {
        "stdout"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        for message in batch {
            println!("  stdout: {} {}", message.id, message.event_type);
        }
        vec![Ok(()); batch.len()]
    }
}
// ANCHOR_END: publishers

/// A message as the application would write it.
fn message(id: i64, aggregate: &str, event_type: &str, payload: &str) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("literal aggregate id is valid"),
        event_type: event_type.to_string(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

/// Prints what one turn of the relay did.
fn report(turn: u32, updates: &Updates) {
    let sent: Vec<MessageId> = updates.sent.iter().map(|(id, _)| *id).collect();
    let failed: Vec<(MessageId, &str)> = updates
        .failed
        .iter()
        .map(|(id, s)| (*id, s.name()))
        .collect();
    println!(
        "turn {turn}: sent {sent:?}, failed {failed:?}, released {:?}",
        updates.released
    );
}

fn main() -> Result<(), StoreError> {
    // ANCHOR: run
    let store = MemoryStore::default();
    store.insert(message(1, "order-1", "OrderPlaced", "{}"));
    store.insert(message(2, "order-2", "OrderPlaced", "")); // will be rejected
    store.insert(message(3, "order-1", "OrderShipped", "{}"));

    // relay_once::<MemoryStore, MemoryPublisher>
    let publisher = MemoryPublisher::default();
    report(1, &block_on(relay_once(&store, &publisher))?);
    report(2, &block_on(relay_once(&store, &publisher))?);
    println!("states: {:?}", store.states());

    // relay_once::<MemoryStore, StdoutPublisher>: a second copy
    store.insert(message(4, "order-3", "OrderPlaced", "{}"));
    report(3, &block_on(relay_once(&store, &StdoutPublisher))?);
    // ANCHOR_END: run
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_message_is_dead_lettered_at_once() {
        let store = MemoryStore::default();
        store.insert(message(1, "a", "E", ""));
        store.insert(message(2, "b", "E", "{}"));
        let publisher = MemoryPublisher::default();

        let first = block_on(relay_once(&store, &publisher)).expect("memory store");
        let sent: Vec<MessageId> = first.sent.iter().map(|(id, _)| *id).collect();
        assert_eq!(sent, [MessageId(2)]);
        assert_eq!(first.failed.len(), 1);
        assert_eq!(
            store.states(),
            [(MessageId(1), "dead"), (MessageId(2), "sent")]
        );

        let second = block_on(relay_once(&store, &publisher)).expect("memory store");
        assert!(second.is_empty(), "nothing is left to claim");
    }

    #[test]
    fn an_empty_outbox_records_nothing() {
        let updates =
            block_on(relay_once(&MemoryStore::default(), &StdoutPublisher)).expect("memory store");
        assert!(updates.is_empty());
    }
}
