// `#[derive(Clone)]` on a struct of `Arc`s still requires `P: Clone`.
use std::sync::Arc;

struct Broker; // not Clone, like `Box<dyn DynPublisher>`

#[derive(Clone)]
struct Relay<P> {
    publisher: Arc<P>,
}

fn main() {
    let relay = Relay {
        publisher: Arc::new(Broker),
    };
    let for_task = relay.clone();
    println!("{}", Arc::strong_count(&for_task.publisher));
}
