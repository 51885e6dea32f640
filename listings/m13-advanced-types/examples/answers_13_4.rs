//! Answers to the exercises of lesson 13.4 (higher-rank trait bounds).
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_4`.

// ANCHOR: answer2
mod answer2 {
    use outbox_core::OutboxMessage;

    /// Gives a closure the hook signature, so it can be stored in a `let`
    /// first and used (or added to several lists) later.
    pub(crate) fn key_hook<F>(hook: F) -> F
    where
        F: for<'a> Fn(&'a OutboxMessage) -> Option<&'a str>,
    {
        hook
    }

    /// The `route:<key>` prefix of each payload, borrowed from the payload.
    pub(crate) fn payload_keys(batch: &[OutboxMessage]) -> Vec<Option<&str>> {
        let from_payload = key_hook(|m| {
            let text = std::str::from_utf8(&m.payload).ok()?;
            text.strip_prefix("route:")?.split_whitespace().next()
        });
        batch.iter().map(from_payload).collect()
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    /// The longest field `field` picks out of `lines`, borrowed from them.
    pub(crate) fn longest_field<'l, F>(lines: &'l [String], field: F) -> Option<&'l str>
    where
        F: for<'a> Fn(&'a str) -> Option<&'a str>,
    {
        lines
            .iter()
            .filter_map(|line| field(line))
            .max_by_key(|found| found.len())
    }
}
// ANCHOR_END: answer4

fn main() {
    use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

    let message = OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(1),
        aggregate_id: AggregateId::new("order-7").expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: b"route:orders.eu {\"total\":12}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    };
    let unrouted = OutboxMessage {
        payload: b"{}".to_vec(),
        ..message.clone()
    };
    println!(
        "answer 2: {:?}",
        answer2::payload_keys(&[message, unrouted])
    );

    let lines: Vec<String> = ["order-7:OrderPlaced", "account-9:AccountOpened", "junk"]
        .map(String::from)
        .to_vec();
    let longest = answer4::longest_field(&lines, |line| line.split_once(':').map(|(_, e)| e));
    println!("answer 4: {longest:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{AggregateId, MessageId, OutboxMessage, UnixMillis};

    fn with_payload(payload: &[u8]) -> OutboxMessage {
        OutboxMessage {
            event_id: outbox_core::EventId::new(),
            id: MessageId(1),
            aggregate_id: AggregateId::new("order-1").expect("valid"),
            event_type: "OrderPlaced".into(),
            payload: payload.to_vec(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        }
    }

    #[test]
    fn the_payload_hook_borrows_its_key_from_the_payload() {
        let batch = [
            with_payload(b"route:eu rest"),
            with_payload(b"{}"),
            with_payload(&[0xff, 0xfe]),
        ];
        let keys = answer2::payload_keys(&batch);
        assert_eq!(keys, [Some("eu"), None, None]);
        let key = keys[0].expect("a route");
        assert!(batch[0].payload.as_ptr_range().contains(&key.as_ptr()));
    }

    #[test]
    fn the_longest_field_borrows_from_the_lines() {
        let lines = vec!["a:xy".to_owned(), "b:xyz".to_owned(), "none".to_owned()];
        let found = answer4::longest_field(&lines, |l| l.split_once(':').map(|(_, e)| e));
        assert_eq!(found, Some("xyz"));
        assert_eq!(answer4::longest_field(&[], |l| Some(l)), None);
    }
}
