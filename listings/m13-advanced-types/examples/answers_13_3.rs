//! Answers to the exercises of lesson 13.3.
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_3`.

use outbox_core::{AggregateId, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis};
use std::sync::Arc;

/// Confirms every message, as in `static_lifetime_bounds.rs`.
struct Confirming;

impl Publisher for Confirming {
    fn name(&self) -> &str {
        "confirming"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        tokio::task::yield_now().await;
        vec![Ok(()); batch.len()]
    }
}

// ANCHOR: answer1
mod answer1 {
    use outbox_core::{OutboxMessage, Publisher};
    use std::sync::Arc;

    /// One task per lane. Each task owns its lane and a clone of the `Arc`,
    /// so it borrows nothing from the caller; the handles are awaited in
    /// lane order, so the counts come back in lane order too.
    pub(crate) async fn publish_lanes_spawned<P: Publisher + 'static>(
        publisher: Arc<P>,
        lanes: Vec<Vec<OutboxMessage>>,
    ) -> Vec<usize> {
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| {
                let publisher = Arc::clone(&publisher);
                tokio::spawn(async move {
                    let results = publisher.publish(&lane).await;
                    results.iter().filter(|result| result.is_ok()).count()
                })
            })
            .collect();
        let mut counts = Vec::with_capacity(handles.len());
        for handle in handles {
            // A lane whose task panicked counts as nothing sent.
            counts.push(handle.await.unwrap_or(0));
        }
        counts
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use outbox_core::OutboxMessage;

    /// Borrows the lanes for `'a` but only copies `prefix`: `use<'a>` says
    /// the iterator does not capture `prefix`'s lifetime, so the caller may
    /// drop the prefix while the iterator is still in use.
    pub(crate) fn lane_labels<'a>(
        lanes: &'a [Vec<OutboxMessage>],
        prefix: &str,
    ) -> impl Iterator<Item = String> + use<'a> {
        let prefix = prefix.to_owned();
        lanes
            .iter()
            .enumerate()
            .map(move |(i, lane)| format!("{prefix}-{i}: {} messages", lane.len()))
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use outbox_core::{OutboxMessage, PublishError, Publisher};
    use std::sync::{Arc, Mutex};

    /// Owns a share of the log instead of borrowing it: `'static`, so it
    /// can go to `tokio::spawn` (through `publish_in_background`).
    pub(crate) struct SharedRecorder {
        pub(crate) log: Arc<Mutex<Vec<String>>>,
    }

    impl Publisher for SharedRecorder {
        fn name(&self) -> &str {
            "shared-recorder"
        }

        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
            match self.log.lock() {
                Ok(mut log) => {
                    log.extend(batch.iter().map(|m| m.id.to_string()));
                    vec![Ok(()); batch.len()]
                }
                Err(_) => vec![Err(PublishError::Transient("log poisoned".into())); batch.len()],
            }
        }
    }

    pub(crate) fn publish_in_background<P: Publisher + 'static>(
        publisher: Arc<P>,
        batch: Vec<OutboxMessage>,
    ) -> tokio::task::JoinHandle<usize> {
        tokio::spawn(async move {
            let results = publisher.publish(&batch).await;
            results.iter().filter(|result| result.is_ok()).count()
        })
    }
}
// ANCHOR_END: answer3

fn message(id: i64) -> Result<OutboxMessage, outbox_core::InvalidMessage> {
    Ok(OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(format!("order-{id}"))?,
        event_type: "OrderPlaced".into(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lanes = vec![vec![message(1)?, message(2)?], vec![message(3)?]];

    let counts = answer1::publish_lanes_spawned(Arc::new(Confirming), lanes.clone()).await;
    println!("1. spawned lanes sent {counts:?}");

    let prefix = String::from("lane");
    let labels = answer2::lane_labels(&lanes, &prefix);
    drop(prefix); // allowed: the iterator does not borrow it
    println!("2. {}", labels.collect::<Vec<_>>().join(", "));

    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = Arc::new(answer3::SharedRecorder {
        log: Arc::clone(&log),
    });
    let sent = answer3::publish_in_background(recorder, vec![message(4)?]).await?;
    let entries = log.lock().map(|log| log.join(" ")).unwrap_or_default();
    println!("3. {sent} sent from a task, log: {entries}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes() -> Vec<Vec<OutboxMessage>> {
        vec![
            vec![message(1).expect("valid")],
            vec![message(2).expect("valid"), message(3).expect("valid")],
        ]
    }

    #[tokio::test]
    async fn answer1_counts_come_back_in_lane_order() {
        let counts = answer1::publish_lanes_spawned(Arc::new(Confirming), lanes()).await;
        assert_eq!(counts, [1, 2]);
    }

    #[test]
    fn answer2_the_iterator_outlives_the_prefix() {
        let lanes = lanes();
        let prefix = String::from("l");
        let labels = answer2::lane_labels(&lanes, &prefix);
        drop(prefix);
        assert_eq!(
            labels.collect::<Vec<_>>(),
            ["l-0: 1 messages", "l-1: 2 messages"]
        );
    }

    #[tokio::test]
    async fn answer3_an_owning_recorder_can_be_spawned() {
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let recorder = Arc::new(answer3::SharedRecorder {
            log: Arc::clone(&log),
        });
        let sent = answer3::publish_in_background(recorder, vec![message(9).expect("valid")])
            .await
            .expect("no panic");
        assert_eq!(sent, 1);
        assert_eq!(*log.lock().expect("not poisoned"), ["outbox-9"]);
    }
}
