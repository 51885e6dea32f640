// Fails with E0277: a helper that demands a `Send` future (as a spawner or
// a `Send` trait method would) cannot get one from a generic `async fn` call.
use std::future::Future;

trait Publisher: Send + Sync {
    async fn publish(&self, batch: &[String]) -> usize;
}

fn must_be_send<F: Future + Send>(future: F) -> F {
    future
}

async fn publish_twice<P: Publisher>(publisher: &P, batch: &[String]) -> usize {
    let first = must_be_send(publisher.publish(batch)).await;
    first + publisher.publish(batch).await
}

fn main() {}
