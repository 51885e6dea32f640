//! Answers to the exercises of lesson 11.2.

// ANCHOR: answer1
mod answer1 {
    use std::cell::{Cell, RefCell};

    /// Every error, not only the last: a `Vec` is not `Copy`, so a `RefCell`
    /// lends it in place instead of moving it in and out.
    pub(crate) struct Flaky {
        pub(crate) failures: u32,
        pub(crate) calls: Cell<u32>,
        pub(crate) errors: RefCell<Vec<String>>,
    }

    impl Flaky {
        pub(crate) fn publish(&self, message: &str) -> Result<(), String> {
            let call = self.calls.get() + 1;
            self.calls.set(call);
            if call <= self.failures {
                let error = format!("attempt {call} for {message}: connection reset");
                self.errors.borrow_mut().push(error.clone());
                return Err(error);
            }
            Ok(())
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::cell::RefCell;

    /// Records every attempt, and refuses one topic.
    #[derive(Debug, Default)]
    pub(crate) struct Recording {
        pub(crate) refuse: Option<&'static str>,
        pub(crate) sent: RefCell<Vec<(String, bool)>>,
    }

    impl Recording {
        pub(crate) fn publish(&self, topic: &str) -> Result<(), String> {
            let accepted = self.refuse != Some(topic);
            self.sent.borrow_mut().push((topic.to_owned(), accepted));
            if accepted {
                Ok(())
            } else {
                Err(format!("{topic} refused"))
            }
        }
    }

    pub(crate) fn relay(publisher: &Recording, topics: &[&str]) -> usize {
        topics
            .iter()
            .filter(|topic| publisher.publish(topic).is_ok())
            .count()
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::cell::RefCell;

    #[derive(Debug, Default)]
    pub(crate) struct Outbox {
        pub(crate) pending: RefCell<Vec<String>>,
        pub(crate) sent: RefCell<Vec<String>>,
    }

    impl Outbox {
        fn mark_sent(&self, id: &str) {
            self.pending.borrow_mut().retain(|pending| pending != id);
            self.sent.borrow_mut().push(id.to_owned());
        }

        /// Copy the ids out; the `Ref` is a temporary, dropped at the end of
        /// the `let`, before the loop calls `mark_sent`.
        pub(crate) fn flush(&self) {
            let ids: Vec<String> = self.pending.borrow().clone();
            for id in &ids {
                self.mark_sent(id);
            }
        }
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::sync::Mutex;
    use std::thread;

    /// A `Mutex` is `Sync`: its lock is what a `RefCell`'s counter is not.
    pub(crate) fn run() -> Vec<&'static str> {
        let sent = Mutex::new(Vec::new());
        thread::scope(|scope| {
            scope.spawn(|| sent.lock().expect("not poisoned").push("from a"));
            scope.spawn(|| sent.lock().expect("not poisoned").push("from b"));
        });
        let mut sent = sent.into_inner().expect("not poisoned");
        sent.sort(); // the two threads may finish in either order
        sent
    }
}
// ANCHOR_END: answer4

fn main() {
    use std::cell::{Cell, RefCell};

    let broker = answer1::Flaky {
        failures: 2,
        calls: Cell::new(0),
        errors: RefCell::new(Vec::new()),
    };
    let delivered = (0..5).any(|_| broker.publish("order-1").is_ok());
    println!(
        "1. delivered: {delivered}, errors: {:?}",
        broker.errors.borrow()
    );

    let recording = answer2::Recording {
        refuse: Some("payments"),
        ..Default::default()
    };
    let relayed = answer2::relay(&recording, &["orders", "payments", "refunds"]);
    println!("2. relayed {relayed}: {:?}", recording.sent.borrow());

    let outbox = answer3::Outbox::default();
    outbox
        .pending
        .borrow_mut()
        .extend(["m1".into(), "m2".into()]);
    outbox.flush();
    println!(
        "3. pending {:?}, sent {:?}",
        outbox.pending.borrow(),
        outbox.sent.borrow()
    );

    println!("4. {:?}", answer4::run());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    #[test]
    fn every_error_is_kept() {
        let broker = answer1::Flaky {
            failures: 3,
            calls: Cell::new(0),
            errors: RefCell::new(Vec::new()),
        };
        for _ in 0..4 {
            let _ = broker.publish("m");
        }
        assert_eq!(broker.errors.borrow().len(), 3);
        assert!(broker.errors.borrow()[2].starts_with("attempt 3"));
    }

    #[test]
    fn the_relay_counts_only_accepted_messages() {
        let recording = answer2::Recording {
            refuse: Some("b"),
            ..Default::default()
        };
        assert_eq!(answer2::relay(&recording, &["a", "b", "c"]), 2);
        assert_eq!(
            recording.sent.borrow().len(),
            3,
            "the refused one is recorded too"
        );
        assert_eq!(recording.sent.borrow()[1], ("b".to_string(), false));
    }

    #[test]
    fn copying_the_ids_out_avoids_the_panic() {
        let outbox = answer3::Outbox::default();
        outbox.pending.borrow_mut().extend(["a".into(), "b".into()]);
        outbox.flush();
        assert!(outbox.pending.borrow().is_empty());
        assert_eq!(*outbox.sent.borrow(), ["a", "b"]);
    }

    #[test]
    fn a_mutex_can_be_shared_by_scoped_threads() {
        assert_eq!(answer4::run(), ["from a", "from b"]);
    }
}
