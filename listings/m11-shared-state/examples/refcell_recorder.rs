//! Lesson 11.2: a recording test double. `RefCell` lends `&mut` to its
//! contents through `&self`, checking the borrow rules at run time.

use std::cell::RefCell;
use std::rc::Rc;

trait Publish {
    fn publish(&self, topic: &str, payload: &str) -> Result<(), String>;
}

// ANCHOR: recorder
/// Accepts everything and remembers what it was given, in order.
#[derive(Debug, Default)]
struct Recording {
    sent: RefCell<Vec<(String, String)>>,
}

impl Publish for Recording {
    fn publish(&self, topic: &str, payload: &str) -> Result<(), String> {
        // A `RefMut<Vec<…>>`: exclusive access until it is dropped at the `;`.
        self.sent
            .borrow_mut()
            .push((topic.to_owned(), payload.to_owned()));
        Ok(())
    }
}
// ANCHOR_END: recorder

// ANCHOR: code_under_test
/// The code under test: publishes each event to its topic, counts successes.
fn relay(publisher: &impl Publish, events: &[(&str, &str)]) -> usize {
    events
        .iter()
        .filter(|(topic, payload)| publisher.publish(topic, payload).is_ok())
        .count()
}
// ANCHOR_END: code_under_test

// ANCHOR: shared_log
/// Several publishers writing into one shared timeline: `Rc<RefCell<…>>`,
/// shared ownership plus mutation, on one thread.
#[derive(Debug)]
struct Tee {
    name: &'static str,
    timeline: Rc<RefCell<Vec<String>>>,
}

impl Publish for Tee {
    fn publish(&self, topic: &str, _payload: &str) -> Result<(), String> {
        self.timeline
            .borrow_mut()
            .push(format!("{} <- {topic}", self.name));
        Ok(())
    }
}
// ANCHOR_END: shared_log

// ANCHOR: main
fn main() {
    let recording = Recording::default();
    let relayed = relay(
        &recording,
        &[("orders", r#"{"id":1}"#), ("payments", r#"{"id":2}"#)],
    );
    println!("relayed {relayed}");
    for (topic, payload) in recording.sent.borrow().iter() {
        println!("  {topic}: {payload}");
    }

    let timeline = Rc::new(RefCell::new(Vec::new()));
    let rabbit = Tee {
        name: "rabbitmq",
        timeline: Rc::clone(&timeline),
    };
    let nats = Tee {
        name: "nats",
        timeline: Rc::clone(&timeline),
    };
    relay(&rabbit, &[("orders", "{}")]);
    relay(&nats, &[("orders", "{}"), ("refunds", "{}")]);
    println!("timeline: {:?}", timeline.borrow());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: test
    #[test]
    fn relay_publishes_every_event_in_order() {
        let publisher = Recording::default();
        let relayed = relay(&publisher, &[("a", "1"), ("b", "2"), ("a", "3")]);
        assert_eq!(relayed, 3);
        let sent = publisher.sent.into_inner(); // the test owns it again: no borrow needed
        let topics: Vec<&str> = sent.iter().map(|(topic, _)| topic.as_str()).collect();
        assert_eq!(topics, ["a", "b", "a"]);
    }
    // ANCHOR_END: test

    #[test]
    fn tees_share_one_timeline() {
        let timeline = Rc::new(RefCell::new(Vec::new()));
        let a = Tee {
            name: "a",
            timeline: Rc::clone(&timeline),
        };
        let b = Tee {
            name: "b",
            timeline: Rc::clone(&timeline),
        };
        relay(&a, &[("x", "")]);
        relay(&b, &[("y", "")]);
        assert_eq!(*timeline.borrow(), ["a <- x", "b <- y"]);
    }
}
