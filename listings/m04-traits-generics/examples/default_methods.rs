//! Lesson 04.4: default methods. Implementors write the required methods and
//! inherit the rest, or override them when they can do better.
//!
//! Run with `cargo run -p m04-traits-generics --example default_methods`.

use std::slice;

/// One event to deliver.
#[derive(Debug, Clone)]
struct Event {
    id: u64,
    kind: &'static str,
}

// ANCHOR: trait
/// Somewhere events go. Two required methods; two with defaults.
trait Sink {
    /// A short name for logs.
    fn name(&self) -> &str;

    /// Delivers a batch: one result per event, in batch order.
    fn send_batch(&self, events: &[Event]) -> Vec<Result<(), String>>;

    /// Delivers one event. By default: a batch of one.
    fn send_one(&self, event: &Event) -> Result<(), String> {
        self.send_batch(slice::from_ref(event))
            .pop()
            .unwrap_or_else(|| Err(format!("{} returned no result", self.name())))
    }

    /// How the sink appears in logs.
    fn describe(&self) -> String {
        format!("sink `{}`", self.name())
    }
}
// ANCHOR_END: trait

// ANCHOR: inherits
/// Writes events to standard output. Implements only what it must.
struct Console;

impl Sink for Console {
    fn name(&self) -> &str {
        "console"
    }

    fn send_batch(&self, events: &[Event]) -> Vec<Result<(), String>> {
        println!("  console: batch of {}", events.len());
        events
            .iter()
            .map(|event| {
                println!("  console: #{} {}", event.id, event.kind);
                Ok(())
            })
            .collect()
    }
}
// ANCHOR_END: inherits

// ANCHOR: overrides
/// An HTTP endpoint with a cheaper route for single events, so it
/// overrides `send_one`, and says more about itself in `describe`.
struct Webhook {
    url: String,
}

impl Sink for Webhook {
    fn name(&self) -> &str {
        "webhook"
    }

    fn send_batch(&self, events: &[Event]) -> Vec<Result<(), String>> {
        println!("  POST {}/batch ({} events)", self.url, events.len());
        vec![Ok(()); events.len()]
    }

    fn send_one(&self, event: &Event) -> Result<(), String> {
        println!("  POST {}/event (#{})", self.url, event.id);
        Ok(())
    }

    fn describe(&self) -> String {
        format!("sink `{}` at {}", self.name(), self.url)
    }
}
// ANCHOR_END: overrides

fn main() {
    // ANCHOR: use
    let event = Event {
        id: 7,
        kind: "OrderPlaced",
    };
    let webhook = Webhook {
        url: "https://hooks.example.com".to_string(),
    };

    println!("{}", Console.describe()); // the default
    println!("{:?}", Console.send_one(&event)); // default: goes through send_batch
    println!("{}", webhook.describe()); // overridden
    println!("{:?}", webhook.send_one(&event)); // overridden: its own route
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers nothing at all: the default `send_one` must cope.
    struct Silent;

    impl Sink for Silent {
        fn name(&self) -> &str {
            "silent"
        }

        fn send_batch(&self, _events: &[Event]) -> Vec<Result<(), String>> {
            Vec::new()
        }
    }

    #[test]
    fn defaults_build_on_the_required_methods() {
        let event = Event { id: 1, kind: "E" };
        assert_eq!(Console.send_one(&event), Ok(()));
        assert_eq!(Console.describe(), "sink `console`");
        assert_eq!(
            Silent.send_one(&event),
            Err("silent returned no result".to_string())
        );
    }

    #[test]
    fn overrides_replace_the_defaults() {
        let webhook = Webhook {
            url: "http://x".into(),
        };
        assert_eq!(webhook.describe(), "sink `webhook` at http://x");
    }
}
