//! Lesson 07.2: why futures are pinned. An async fn that keeps a reference
//! to its own local across an `.await` compiles to a struct that points into
//! itself, so it must not move once polling has started.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// Returns `Pending` once, then `Ready`.
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

// ANCHOR: self_ref
/// `first` borrows from `batch`, and both live across the `.await`: the
/// compiled future stores the array and a pointer into that array.
async fn first_event_len() -> usize {
    let batch = [String::from("OrderPlaced"), String::from("OrderPaid")];
    let first = &batch[0];
    YieldNow::default().await;
    first.len()
}
// ANCHOR_END: self_ref

// ANCHOR: poll_twice
/// Polls a pinned future until it is ready, counting the polls.
fn drive<F: Future>(mut future: Pin<&mut F>) -> (F::Output, u32) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return (output, polls);
        }
    }
}
// ANCHOR_END: poll_twice

// ANCHOR: main
fn main() {
    // On the heap: the future stays put while the Box pointer moves freely.
    let boxed: Pin<Box<_>> = Box::pin(first_event_len());
    let mut moved = boxed; // moves the pointer, not the future
    println!("Box::pin: {:?}", drive(moved.as_mut()));

    // On the stack: `pin!` shadows the future so it can never be moved again.
    let pinned = pin!(first_event_len());
    println!("pin!:     {:?}", drive(pinned));

    // A future with no self-references is `Unpin`: `Pin::new` is enough.
    let mut plain = YieldNow::default();
    println!("Pin::new: {:?}", drive(Pin::new(&mut plain)));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_of_pinning_run_the_future() {
        assert_eq!(drive(Box::pin(first_event_len()).as_mut()), (11, 2));
        assert_eq!(drive(pin!(first_event_len())), (11, 2));
    }

    #[test]
    fn unpin_futures_need_no_box() {
        fn assert_unpin<T: Unpin>(_: &T) {}
        let plain = YieldNow::default();
        assert_unpin(&plain);
    }
}
