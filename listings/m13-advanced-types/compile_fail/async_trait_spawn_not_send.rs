// Fails (no error code): with a plain `async fn` in the trait, a generic
// caller knows nothing about the future's `Send`-ness, so it cannot spawn it.
// `spawn` below has the same bounds as `tokio::spawn`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;
use std::sync::Arc;

trait Publisher: Send + Sync {
    async fn publish(&self, batch: &[String]) -> usize;
}

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

fn spawn_publish<P: Publisher + 'static>(publisher: Arc<P>, batch: Vec<String>) {
    spawn(async move { publisher.publish(&batch).await });
}

fn main() {}
