// Fails (no error code): once the trait promises `+ Send`, an implementor
// whose `async fn` holds an `Rc` across an `.await` breaks the promise.
use std::future::Future;
use std::rc::Rc;

trait Publisher: Send + Sync {
    fn publish(&self, batch: &[String]) -> impl Future<Output = usize> + Send;
}

async fn confirm() {}

struct Counting;

impl Publisher for Counting {
    async fn publish(&self, batch: &[String]) -> usize {
        let count = Rc::new(batch.len());
        confirm().await;
        *count
    }
}

fn main() {}
