// Fails with E0658: return-type notation, which would let the caller demand
// `Send` from one method's future, is still unstable on Rust 1.95.
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

fn spawn_publish<P>(publisher: Arc<P>, batch: Vec<String>)
where
    P: Publisher + 'static,
    P::publish(..): Send,
{
    spawn(async move { publisher.publish(&batch).await });
}

fn main() {}
