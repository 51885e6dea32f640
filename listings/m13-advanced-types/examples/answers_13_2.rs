//! Answers to the exercises of lesson 13.2.
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_2`.
//! The failing half of exercise 2 is `compile_fail/phantom_id_not_send.rs`.

// ANCHOR: answer1
mod answer1 {
    use std::marker::PhantomData;

    pub(crate) struct NoBroker;
    pub(crate) struct HasBroker;

    pub(crate) struct RelayBuilder<State> {
        broker_url: String,
        lanes: usize,
        _state: PhantomData<State>,
    }

    impl RelayBuilder<NoBroker> {
        pub(crate) fn new() -> Self {
            RelayBuilder {
                broker_url: String::new(),
                lanes: 1,
                _state: PhantomData,
            }
        }

        pub(crate) fn broker(self, url: &str) -> RelayBuilder<HasBroker> {
            RelayBuilder {
                broker_url: url.to_owned(),
                lanes: self.lanes,
                _state: PhantomData,
            }
        }
    }

    /// `lanes` lives in the `HasBroker` impl, next to `build`: calling it on
    /// a `RelayBuilder<NoBroker>` is E0599, like calling `build` too early.
    impl RelayBuilder<HasBroker> {
        pub(crate) fn lanes(mut self, lanes: usize) -> Self {
            self.lanes = lanes;
            self
        }

        pub(crate) fn build(self) -> (String, usize) {
            (self.broker_url, self.lanes)
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::marker::PhantomData;
    use std::rc::Rc;

    pub(crate) struct MessageId<T> {
        raw: u64,
        _entity: PhantomData<fn() -> T>,
    }

    impl<T> MessageId<T> {
        pub(crate) fn new(raw: u64) -> Self {
            MessageId {
                raw,
                _entity: PhantomData,
            }
        }

        pub(crate) fn raw(&self) -> u64 {
            self.raw
        }
    }

    /// An entity type that holds an `Rc`: not `Send` itself.
    pub(crate) struct Session(#[allow(dead_code)] pub(crate) Rc<String>);

    /// Compiles: `fn() -> Session` is `Send`, so the id is.
    pub(crate) fn raw_on_a_thread(id: MessageId<Session>) -> Option<u64> {
        std::thread::spawn(move || id.raw()).join().ok()
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::hash::{Hash, Hasher};
    use std::marker::PhantomData;

    pub(crate) struct MessageId<T> {
        raw: u64,
        _entity: PhantomData<fn() -> T>,
    }

    impl<T> MessageId<T> {
        pub(crate) fn new(raw: u64) -> Self {
            MessageId {
                raw,
                _entity: PhantomData,
            }
        }
    }

    // `#[derive(PartialEq, Eq, Hash)]` would require `T: Hash` and so on;
    // the hand-written impls only look at `raw`, and require nothing of `T`.
    impl<T> PartialEq for MessageId<T> {
        fn eq(&self, other: &Self) -> bool {
            self.raw == other.raw
        }
    }
    impl<T> Eq for MessageId<T> {}
    impl<T> Hash for MessageId<T> {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.raw.hash(state);
        }
    }

    /// Neither `Hash` nor `Eq`: ids of it still go in a `HashSet`.
    pub(crate) struct Order;
}
// ANCHOR_END: answer3

fn main() {
    let (url, lanes) = answer1::RelayBuilder::new()
        .broker("amqp://localhost")
        .lanes(4)
        .build();
    println!("1. {url} with {lanes} lanes");

    let session = answer2::Session(std::rc::Rc::new("s-1".to_owned()));
    let id = answer2::MessageId::<answer2::Session>::new(7);
    println!(
        "2. raw id from a thread: {:?}",
        answer2::raw_on_a_thread(id)
    );
    drop(session);

    let ids: std::collections::HashSet<answer3::MessageId<answer3::Order>> = [1, 2, 2, 3]
        .into_iter()
        .map(answer3::MessageId::new)
        .collect();
    println!("3. distinct order ids: {}", ids.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_lanes_after_the_broker() {
        let built = answer1::RelayBuilder::new()
            .broker("nats://x")
            .lanes(2)
            .build();
        assert_eq!(built, ("nats://x".to_owned(), 2));
    }

    #[test]
    fn answer2_the_id_is_send_although_the_entity_is_not() {
        fn assert_send<T: Send>() {}
        assert_send::<answer2::MessageId<answer2::Session>>();
        let id = answer2::MessageId::<answer2::Session>::new(9);
        assert_eq!(answer2::raw_on_a_thread(id), Some(9));
    }

    #[test]
    fn answer3_ids_hash_without_t_hash() {
        let mut ids = std::collections::HashSet::new();
        assert!(ids.insert(answer3::MessageId::<answer3::Order>::new(1)));
        assert!(!ids.insert(answer3::MessageId::<answer3::Order>::new(1)));
    }
}
