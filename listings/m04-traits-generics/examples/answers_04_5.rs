//! Answers to the exercises of lesson 04.5.
//!
//! Run with `cargo run -p m04-traits-generics --example answers_04_5`.

use futures::executor::block_on;
use futures::future::join_all;
use outbox_core::{
    AggregateId, DynPublisher, MessageId, OutboxMessage, PublishError, Publisher, UnixMillis,
};

// ANCHOR: answer1
mod answer1 {
    pub(crate) trait Route {
        fn broker(&self) -> &str;
        fn destination(&self, event_type: &str) -> String;
    }

    pub(crate) struct Exchange {
        pub(crate) name: String,
    }

    impl Route for Exchange {
        fn broker(&self) -> &str {
            "rabbitmq"
        }

        fn destination(&self, event_type: &str) -> String {
            format!("exchange {} key {event_type}", self.name)
        }
    }

    /// The third route type.
    pub(crate) struct Stdout;

    impl Route for Stdout {
        fn broker(&self) -> &str {
            "stdout"
        }

        fn destination(&self, event_type: &str) -> String {
            format!("standard output, {event_type}")
        }
    }

    pub(crate) fn log_line(route: &dyn Route, event_type: &str) -> String {
        format!(
            "[{}] {event_type} -> {}",
            route.broker(),
            route.destination(event_type)
        )
    }

    /// One new arm; the return type already fits any route.
    pub(crate) fn route_from_config(kind: &str) -> Option<Box<dyn Route>> {
        match kind {
            "rabbitmq" => Some(Box::new(Exchange {
                name: "orders".to_string(),
            })),
            "stdout" => Some(Box::new(Stdout)),
            _ => None,
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer5
/// Prints each message and confirms it: the bridge's demo sink, in small.
#[derive(Debug)]
struct PrintAll;

impl Publisher for PrintAll {
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

#[derive(Debug)]
struct Healthy(&'static str);

impl Publisher for Healthy {
    fn name(&self) -> &str {
        self.0
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
        vec![Ok(()); batch.len()]
    }
}

fn publishers_from_config(names: &[&str]) -> Vec<Box<dyn DynPublisher>> {
    names
        .iter()
        .filter_map(|name| -> Option<Box<dyn DynPublisher>> {
            match *name {
                "rabbitmq" => Some(Box::new(Healthy("rabbitmq"))),
                "stdout" => Some(Box::new(PrintAll)), // the new entry
                _ => None,
            }
        })
        .collect()
}
// ANCHOR_END: answer5

async fn fan_out(
    publishers: &[Box<dyn DynPublisher>],
    batch: &[OutboxMessage],
) -> Vec<(String, Vec<Result<(), PublishError>>)> {
    let targets: Vec<&dyn DynPublisher> = publishers.iter().map(|p| p.as_ref()).collect();
    let results = join_all(targets.iter().map(|p| p.publish_boxed(batch))).await;
    targets
        .iter()
        .map(|p| p.name().to_string())
        .zip(results)
        .collect()
}

fn message(id: i64) -> OutboxMessage {
    OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new("order-7").expect("literal aggregate id is valid"),
        event_type: "OrderPlaced".to_string(),
        payload: b"{}".to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    }
}

fn main() {
    for kind in ["rabbitmq", "stdout"] {
        if let Some(route) = answer1::route_from_config(kind) {
            println!("1. {}", answer1::log_line(route.as_ref(), "OrderShipped"));
        }
    }

    let publishers = publishers_from_config(&["stdout", "rabbitmq"]);
    let batch = [message(1), message(2)];
    for (name, results) in block_on(fan_out(&publishers, &batch)) {
        println!("5. {name}: {results:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_the_new_route_comes_from_config() {
        let route = answer1::route_from_config("stdout").expect("a stdout arm");
        assert_eq!(
            answer1::log_line(route.as_ref(), "E"),
            "[stdout] E -> standard output, E"
        );
    }

    #[test]
    fn answer5_results_come_back_in_the_order_of_the_names() {
        let publishers = publishers_from_config(&["rabbitmq", "stdout"]);
        let names: Vec<String> = block_on(fan_out(&publishers, &[message(1)]))
            .into_iter()
            .map(|(name, results)| {
                assert_eq!(results, [Ok(())]);
                name
            })
            .collect();
        assert_eq!(names, ["rabbitmq", "stdout"]);
    }
}
