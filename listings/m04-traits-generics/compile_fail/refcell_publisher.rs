// A `RefCell` in a type that must be `Sync`: the bridge's `Publisher`,
// trimmed to std types, with `Send + Sync` supertraits.
use std::cell::RefCell;
use std::future::Future;

trait Publisher: Send + Sync {
    fn name(&self) -> &str;
    fn publish(&self, batch: &[u64]) -> impl Future<Output = Vec<Result<(), String>>> + Send;
}

#[derive(Debug, Default)]
struct MemoryPublisher {
    accepted: RefCell<Vec<u64>>,
}

impl Publisher for MemoryPublisher {
    fn name(&self) -> &str {
        "memory"
    }

    async fn publish(&self, batch: &[u64]) -> Vec<Result<(), String>> {
        let mut accepted = self.accepted.borrow_mut();
        batch
            .iter()
            .map(|id| {
                accepted.push(*id);
                Ok(())
            })
            .collect()
    }
}

fn main() {
    let publisher = MemoryPublisher::default();
    println!("{} {:?}", publisher.name(), publisher.accepted);
}
