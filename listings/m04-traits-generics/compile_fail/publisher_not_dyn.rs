// Fails with E0038: the bridge's `Publisher` (trimmed to std types here)
// returns `impl Future`, a different hidden type for every implementor, so
// no single vtable entry could describe `publish`.
use std::future::Future;

trait Publisher: Send + Sync {
    fn name(&self) -> &str;

    fn publish(
        &self,
        batch: &[String],
    ) -> impl Future<Output = Vec<Result<(), String>>> + Send;
}

fn main() {
    let publishers: Vec<Box<dyn Publisher>> = Vec::new();
    println!("{} publishers", publishers.len());
}
