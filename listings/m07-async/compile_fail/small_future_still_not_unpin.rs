// Lesson 07.2, Try it 5: the array now lives in a block that ends before
// the `.await`, so the future holds no reference into itself. It is still
// not `Unpin`: the compiler marks every async fn future `!Unpin`, whatever
// it happens to hold.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[derive(Debug, Default)]
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn first_len_only() -> usize {
    let len = {
        let batch = [String::from("OrderPlaced"), String::from("OrderPaid")];
        batch[0].len()
    };
    YieldNow::default().await;
    len
}

fn assert_unpin<T: Unpin>(_: &T) {}

fn main() {
    let future = first_len_only();
    assert_unpin(&future);
}
