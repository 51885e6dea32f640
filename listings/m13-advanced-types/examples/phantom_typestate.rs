//! Lesson 13.2: a typestate builder. Whether a broker was set is part of
//! the builder's type, so `build` cannot be called too early; the states
//! are zero-sized and cost nothing at run time.
//!
//! Run with `cargo run -p m13-advanced-types --example phantom_typestate`.

use std::marker::PhantomData;

// ANCHOR: states
/// No broker URL yet.
struct NoBroker;
/// A broker URL was given.
struct HasBroker;

struct RelaySettings {
    broker_url: String,
    batch_size: usize,
}

struct RelayBuilder<State> {
    broker_url: String,
    batch_size: usize,
    _state: PhantomData<State>,
}
// ANCHOR_END: states

// ANCHOR: transitions
impl RelayBuilder<NoBroker> {
    fn new() -> Self {
        RelayBuilder {
            broker_url: String::new(),
            batch_size: 500,
            _state: PhantomData,
        }
    }

    /// The only way from `NoBroker` to `HasBroker`.
    fn broker(self, url: &str) -> RelayBuilder<HasBroker> {
        RelayBuilder {
            broker_url: url.to_owned(),
            batch_size: self.batch_size,
            _state: PhantomData,
        }
    }
}

/// Allowed in every state.
impl<State> RelayBuilder<State> {
    fn batch_size(mut self, size: usize) -> Self {
        self.batch_size = size;
        self
    }
}

/// Exists only once a broker is set.
impl RelayBuilder<HasBroker> {
    fn build(self) -> RelaySettings {
        RelaySettings {
            broker_url: self.broker_url,
            batch_size: self.batch_size,
        }
    }
}
// ANCHOR_END: transitions

fn main() {
    // ANCHOR: use
    let settings = RelayBuilder::new()
        .batch_size(100)
        .broker("amqp://localhost")
        .build();
    println!(
        "{} in batches of {}",
        settings.broker_url, settings.batch_size
    );
    println!(
        "builder: {} bytes in either state, state types: {} bytes",
        std::mem::size_of::<RelayBuilder<NoBroker>>(),
        std::mem::size_of::<HasBroker>()
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn states_cost_nothing() {
        assert_eq!(size_of::<NoBroker>(), 0);
        assert_eq!(size_of::<HasBroker>(), 0);
        assert_eq!(size_of::<PhantomData<HasBroker>>(), 0);
        let fields = size_of::<String>() + size_of::<usize>();
        assert_eq!(size_of::<RelayBuilder<NoBroker>>(), fields);
        assert_eq!(size_of::<RelayBuilder<HasBroker>>(), fields);
    }

    #[test]
    fn the_builder_keeps_what_it_was_given() {
        let settings = RelayBuilder::new().broker("nats://x").batch_size(7).build();
        assert_eq!(settings.broker_url, "nats://x");
        assert_eq!(settings.batch_size, 7);
    }
}
