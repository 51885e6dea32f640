// Lesson 07.2, Try it 4: `Pin::new` on the future of an async fn that keeps
// a reference into its own local across an `.await`. That future is not
// `Unpin`, so `Pin::new` refuses it: pin it with `pin!` or `Box::pin`.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

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

async fn first_event_len() -> usize {
    let batch = [String::from("OrderPlaced"), String::from("OrderPaid")];
    let first = &batch[0];
    YieldNow::default().await;
    first.len()
}

fn drive<F: Future>(mut future: Pin<&mut F>) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn main() {
    let mut future = first_event_len();
    println!("{}", drive(Pin::new(&mut future)));
}
