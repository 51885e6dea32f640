//! Lesson 07.2: a future written by hand, and polled by hand. No runtime,
//! no crates: just `std::future::Future` and a waker that counts its wakes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

// ANCHOR: future
/// Completes with `value` on its `polls`-th poll. Each time it is not ready
/// it wakes itself at once, telling the executor "poll me again".
#[derive(Debug)]
struct ReadyAfter<T> {
    polls_left: u32,
    value: Option<T>,
}

impl<T> ReadyAfter<T> {
    fn new(polls: u32, value: T) -> Self {
        Self {
            polls_left: polls.saturating_sub(1),
            value: Some(value),
        }
    }
}

impl<T: Unpin> Future for ReadyAfter<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.polls_left == 0 {
            let value = self.value.take().expect("polled after completion");
            return Poll::Ready(value);
        }
        self.polls_left -= 1;
        // A real leaf future would hand this waker to the OS or a timer.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: future

// ANCHOR: waker
/// A waker that only counts how often it was woken.
#[derive(Debug, Default)]
struct CountingWaker {
    wakes: AtomicUsize,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: waker

// ANCHOR: main
fn main() {
    let counter = Arc::new(CountingWaker::default());
    let waker = Waker::from(Arc::clone(&counter));
    let mut cx = Context::from_waker(&waker);

    let mut future = ReadyAfter::new(3, "batch of 3 rows");
    for poll in 1.. {
        // `ReadyAfter` is `Unpin`, so pinning it on the stack is just `Pin::new`.
        let result = Pin::new(&mut future).poll(&mut cx);
        let wakes = counter.wakes.load(Ordering::SeqCst);
        println!("poll {poll}: {result:?} (wakes so far: {wakes})");
        if result.is_ready() {
            break;
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_on_the_third_poll_after_two_wakes() {
        let counter = Arc::new(CountingWaker::default());
        let waker = Waker::from(Arc::clone(&counter));
        let mut cx = Context::from_waker(&waker);
        let mut future = ReadyAfter::new(3, 42);
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Pending);
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Pending);
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Ready(42));
        assert_eq!(counter.wakes.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_noop_waker_is_enough_for_an_immediate_future() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut future = ReadyAfter::new(1, "now");
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Ready("now"));
    }
}
