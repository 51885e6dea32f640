// Fails with E0597: `spawn` has tokio::spawn's bounds (`F: Future + Send +
// 'static`). The task may outlive `main`'s locals, so it may not hold a
// borrow of `batch`, even with `async move` (that moves the reference).
use std::future::Future;

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future); // a real runtime would poll it on some worker thread
}

fn main() {
    let batch = vec!["order-1".to_owned(), "order-2".to_owned()];
    let lane: &[String] = &batch[..1];
    spawn(async move { lane.len() });
}
