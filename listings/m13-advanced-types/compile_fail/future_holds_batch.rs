// Fails with E0502: the future returned by `publish` captures the borrow of
// `batch` (a trait's `impl Future` captures every lifetime in scope), so the
// batch cannot change until the future is gone.
use std::future::Future;

trait Publish: Send + Sync {
    fn publish(&self, batch: &[String]) -> impl Future<Output = usize> + Send;
}

struct Stdout;

impl Publish for Stdout {
    async fn publish(&self, batch: &[String]) -> usize {
        batch.len()
    }
}

fn main() {
    let mut batch = vec!["order-1".to_owned()];
    let pending = Stdout.publish(&batch);
    batch.clear();
    drop(pending);
}
