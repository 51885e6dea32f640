//! Answers to the "Try it" exercises of lesson 07.2.
//!
//! Run with `cargo run -p m07-async --example answers_07_2`. Std only: the
//! executor of `mini_executor.rs` and the `ReadyAfter` future of
//! `hand_future.rs`, copied here so that this file stands alone.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// Completes with `value` on its `polls`-th poll, waking itself each time
/// it returns `Pending` (from `hand_future.rs`).
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
            return Poll::Ready(self.value.take().expect("polled after completion"));
        }
        self.polls_left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
type Queue = Arc<Mutex<VecDeque<Arc<Task>>>>;

struct Task {
    future: Mutex<Option<BoxFuture>>,
    queue: Queue,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let queue = Arc::clone(&self.queue);
        queue.lock().expect("queue lock").push_back(self);
    }
}

/// The executor of `mini_executor.rs`, unchanged.
#[derive(Default)]
struct Executor {
    queue: Queue,
}

impl Executor {
    fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: Arc::clone(&self.queue),
        });
        self.queue.lock().expect("queue lock").push_back(task);
    }

    fn run(&self) -> usize {
        let mut polls = 0;
        loop {
            let next = self.queue.lock().expect("queue lock").pop_front();
            let Some(task) = next else { return polls };
            let mut slot = task.future.lock().expect("task lock");
            let Some(future) = slot.as_mut() else {
                continue;
            };
            let waker = Waker::from(Arc::clone(&task));
            polls += 1;
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                *slot = None;
            }
        }
    }
}

async fn relay(name: &'static str, batches: u32) {
    for batch in 1..=batches {
        println!("{name}: publish batch {batch}");
        ReadyAfter::new(2, ()).await; // yields once, like `yield_now`
    }
    println!("{name}: done");
}

// ANCHOR: answer3
/// The two relays of `mini_executor.rs` plus a third task that awaits a
/// `ReadyAfter::new(3, ())`: it returns `Pending` twice and is `Ready` on
/// its third poll, so the executor polls that task three times.
fn three_tasks(finished: &Arc<AtomicU32>) -> usize {
    let executor = Executor::default();
    executor.spawn(relay("orders", 2));
    executor.spawn(relay("payments", 3));
    let done = Arc::clone(finished);
    executor.spawn(async move {
        ReadyAfter::new(3, ()).await;
        println!("ready-after-3: done");
        done.fetch_add(1, Ordering::SeqCst);
    });
    executor.run()
}
// ANCHOR_END: answer3

// ANCHOR: answer5
/// The array of `first_event_len` lives inside the future: both `String`s
/// and the reference into them are kept across the `.await`.
async fn first_event_len() -> usize {
    let batch = [String::from("OrderPlaced"), String::from("OrderPaid")];
    let first = &batch[0];
    ReadyAfter::new(2, ()).await;
    first.len()
}

/// The array lives in a block that ends before the `.await`; only its
/// first length survives, so only a `usize` is stored across it.
async fn first_len_only() -> usize {
    let len = {
        let batch = [String::from("OrderPlaced"), String::from("OrderPaid")];
        batch[0].len()
    };
    ReadyAfter::new(2, ()).await;
    len
}
// ANCHOR_END: answer5

/// Polls a pinned future to completion with a waker that does nothing.
fn drive<F: Future>(mut future: Pin<&mut F>) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn main() {
    println!("answer 3: a third task");
    let finished = Arc::new(AtomicU32::new(0));
    let polls = three_tasks(&finished);
    println!("executor idle after {polls} polls");

    println!("answer 5: what a future stores");
    let big = size_of_val(&first_event_len()) >= 2 * size_of::<String>();
    let small = size_of_val(&first_len_only()) < size_of_val(&first_event_len());
    println!("the array lives in the future: {big}");
    println!("the block version is smaller: {small}");
    println!("both give {}", drive(pin!(first_len_only())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_third_task_takes_three_polls() {
        let finished = Arc::new(AtomicU32::new(0));
        // orders: 2 yields + 1, payments: 3 yields + 1, the new task: 3.
        assert_eq!(three_tasks(&finished), (2 + 1) + (3 + 1) + 3);
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn the_array_lives_inside_the_future() {
        assert!(size_of_val(&first_event_len()) >= 2 * size_of::<String>());
    }

    #[test]
    fn a_block_that_ends_before_the_await_shrinks_the_future() {
        assert!(size_of_val(&first_len_only()) < 2 * size_of::<String>());
        assert_eq!(
            drive(pin!(first_len_only())),
            drive(pin!(first_event_len()))
        );
    }
}
