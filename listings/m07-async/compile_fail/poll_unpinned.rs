// `Pin::new` only accepts `Unpin` values. The future of an async fn may
// point into itself, so it is not `Unpin`: pin it with `Box::pin` or `pin!`.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};

async fn load_batch() -> usize {
    3
}

fn main() {
    let mut future = load_batch();
    let mut cx = Context::from_waker(Waker::noop());
    let poll = Pin::new(&mut future).poll(&mut cx);
    println!("{poll:?}");
}
