// An impl must provide every method the trait declares without a body.
use std::future::Future;

trait Publisher: Send + Sync {
    fn name(&self) -> &str;
    fn publish(&self, batch: &[u64]) -> impl Future<Output = Vec<Result<(), String>>> + Send;
}

#[derive(Debug, Default)]
struct MemoryPublisher;

impl Publisher for MemoryPublisher {
    async fn publish(&self, batch: &[u64]) -> Vec<Result<(), String>> {
        batch.iter().map(|_| Ok(())).collect()
    }
}

fn main() {
    println!("{:?}", MemoryPublisher);
}
