//! Lesson 07.2: a complete single-threaded executor in std only: a queue of
//! tasks, a waker that puts its task back on the queue, and `block_on`.
//! Tokio's scheduler is this idea, made fast, fair and multi-threaded.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Returns `Pending` once, waking itself first: "let the others run".
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

fn yield_now() -> YieldNow {
    YieldNow::default()
}

// ANCHOR: task
type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
type Queue = Arc<Mutex<VecDeque<Arc<Task>>>>;

/// A spawned future plus the queue it goes back on when woken.
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
// ANCHOR_END: task

// ANCHOR: executor
/// Runs spawned tasks on the current thread, in the order they are woken.
#[derive(Default)]
struct Executor {
    queue: Queue,
}

impl Executor {
    /// Hands a future to the executor. From now on it is a task.
    fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: Arc::clone(&self.queue),
        });
        self.queue.lock().expect("queue lock").push_back(task);
    }

    /// Polls woken tasks until none is left to poll.
    fn run(&self) -> usize {
        let mut polls = 0;
        loop {
            let next = self.queue.lock().expect("queue lock").pop_front();
            let Some(task) = next else { return polls };
            let mut slot = task.future.lock().expect("task lock");
            let Some(future) = slot.as_mut() else {
                continue;
            }; // already done
            let waker = Waker::from(Arc::clone(&task));
            polls += 1;
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                *slot = None; // drop the finished future
            }
        }
    }
}
// ANCHOR_END: executor

// ANCHOR: block_on
/// Wakes a parked thread.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Drives one future to completion on this thread, sleeping while it waits.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(), // until some waker calls unpark
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: main
async fn relay(name: &'static str, batches: u32) {
    for batch in 1..=batches {
        println!("{name}: publish batch {batch}");
        yield_now().await;
    }
    println!("{name}: done");
}

fn main() {
    let executor = Executor::default();
    executor.spawn(relay("orders", 2));
    executor.spawn(relay("payments", 3));
    let polls = executor.run();
    println!("executor idle after {polls} polls");

    let rows = block_on(async {
        yield_now().await;
        3
    });
    println!("block_on returned {rows}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn every_task_runs_to_completion() {
        let finished = Arc::new(AtomicU32::new(0));
        let executor = Executor::default();
        for batches in [1, 2, 3] {
            let finished = Arc::clone(&finished);
            executor.spawn(async move {
                for _ in 0..batches {
                    yield_now().await;
                }
                finished.fetch_add(1, Ordering::SeqCst);
            });
        }
        // Each task is polled once per yield, plus once to finish.
        assert_eq!(executor.run(), (1 + 1) + (2 + 1) + (3 + 1));
        assert_eq!(finished.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn block_on_returns_the_output() {
        assert_eq!(block_on(async { 40 + 2 }), 42);
        assert_eq!(block_on(async { yield_now().await }), ());
    }
}
