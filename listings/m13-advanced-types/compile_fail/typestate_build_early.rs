// Fails with E0599: `build` exists only on `RelayBuilder<HasBroker>`.
use std::marker::PhantomData;

struct NoBroker;
struct HasBroker;

struct RelayBuilder<State> {
    broker_url: String,
    _state: PhantomData<State>,
}

impl RelayBuilder<NoBroker> {
    fn new() -> Self {
        RelayBuilder {
            broker_url: String::new(),
            _state: PhantomData,
        }
    }
}

impl RelayBuilder<HasBroker> {
    fn build(self) -> String {
        self.broker_url
    }
}

fn main() {
    let url = RelayBuilder::new().build();
    println!("{url}");
}
