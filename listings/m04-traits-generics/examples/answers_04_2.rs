//! Answers to the exercises of lesson 04.2.
//!
//! Run with `cargo run -p m04-traits-generics --example answers_04_2`.

use futures::executor::block_on;
use outbox_core::{
    AggregateId, MessageId, MessageState, OutboxMessage, PublishError, Publisher, RetryPolicy,
    UnixMillis, settle,
};
use std::any::type_name;
use std::fmt::Debug;

// ANCHOR: answer1
/// `Clone` instead of `Copy`: items are cloned out of the slice, so the
/// `for &item` pattern (a copy) becomes `for item` (a reference).
fn newest<T: PartialOrd + Clone>(items: &[T]) -> Option<T> {
    let mut newest = items.first()?.clone();
    for item in items {
        if *item > newest {
            newest = item.clone();
        }
    }
    Some(newest)
}
// ANCHOR_END: answer1

// ANCHOR: answer3
/// Rejects every `OrderShipped` event and accepts everything else,
/// empty payloads included.
#[derive(Debug)]
struct NoShipping;

impl Publisher for NoShipping {
    fn name(&self) -> &str {
        "no-shipping"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        batch
            .iter()
            .map(|message| {
                if message.event_type == "OrderShipped" {
                    Err(PublishError::Rejected("shipping events are refused".into()))
                } else {
                    Ok(())
                }
            })
            .collect()
    }
}
// ANCHOR_END: answer3

/// Turn 1 of `relay_once.rs` with `NoShipping`: the three messages, their
/// states after `settle`, as the listing's store would record them.
fn turn_one_states() -> Vec<(MessageId, &'static str)> {
    let message = |id: i64, aggregate: &str, event_type: &str, payload: &str| OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("literal aggregate id is valid"),
        event_type: event_type.to_string(),
        payload: payload.as_bytes().to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    };
    let batch = [
        message(1, "order-1", "OrderPlaced", "{}"),
        message(2, "order-2", "OrderPlaced", ""),
        message(3, "order-1", "OrderShipped", "{}"),
    ];
    let results = block_on(NoShipping.publish(&batch));
    let updates = settle(&batch, results.into_iter().map(Some).collect()).into_updates(
        &batch,
        &RetryPolicy::default(),
        UnixMillis(0),
        || 0.5,
    );
    batch
        .iter()
        .map(|m| {
            let state = if updates.sent.iter().any(|(id, _)| *id == m.id) {
                "sent"
            } else {
                updates
                    .failed
                    .iter()
                    .find(|(id, _)| *id == m.id)
                    .map_or("pending", |(_, next): &(MessageId, MessageState)| {
                        next.name()
                    })
            };
            (m.id, state)
        })
        .collect()
}

// ANCHOR: answer4
fn describe<T: Debug>(value: T) -> String {
    format!("describe::<{}>({value:?})", type_name::<T>())
}
// ANCHOR_END: answer4

fn main() {
    println!(
        "1. {:?}",
        newest(&["b".to_string(), "c".to_string(), "a".to_string()])
    );
    println!("1. {:?}", newest(&[1041, 1044, 1042]));
    println!("3. states: {:?}", turn_one_states());
    println!("4. {}", describe(vec![1_u8]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_clone_bound_accepts_strings_and_still_numbers() {
        assert_eq!(
            newest(&["b".to_string(), "a".to_string()]),
            Some("b".to_string())
        );
        assert_eq!(newest(&[3, 9, 4]), Some(9));
        assert_eq!(newest::<String>(&[]), None);
    }

    #[test]
    fn answer3_message_3_is_the_dead_one() {
        assert_eq!(
            turn_one_states(),
            [
                (MessageId(1), "sent"),
                (MessageId(2), "sent"),
                (MessageId(3), "dead")
            ]
        );
    }

    #[test]
    fn answer4_type_name_spells_out_the_path() {
        assert_eq!(describe(vec![1_u8]), "describe::<alloc::vec::Vec<u8>>([1])");
    }
}
