//! Lesson 11.3: std `MutexGuard` and `.await`. Scope the guard; use
//! `tokio::sync::Mutex` only when the lock must be held across an `.await`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn load_price(sku: &str) -> u64 {
    tokio::time::sleep(Duration::from_millis(5)).await; // a network round trip
    sku.len() as u64 * 10
}

// ANCHOR: scoped
/// Awaits first, then locks for a moment with no `.await` inside.
async fn refresh(prices: Arc<Mutex<Vec<u64>>>, sku: &str) {
    let price = load_price(sku).await;
    prices.lock().expect("prices poisoned").push(price);
}
// ANCHOR_END: scoped

// ANCHOR: tokio_mutex
/// A connection that does one request at a time: the lock must be held for
/// the whole round trip, so it is a `tokio::sync::Mutex`.
#[derive(Debug, Default)]
struct Connection {
    requests: u64,
}

impl Connection {
    async fn request(&mut self, sku: &str) -> u64 {
        self.requests += 1;
        load_price(sku).await
    }
}

async fn fetch(conn: Arc<tokio::sync::Mutex<Connection>>, sku: String) -> u64 {
    let mut conn = conn.lock().await; // waits without blocking the thread
    conn.request(&sku).await // held across this .await, and that is fine
}
// ANCHOR_END: tokio_mutex

// ANCHOR: lint
/// What `await_holding_lock` is for. `#[expect]` makes `cargo clippy` fail if
/// the lint stops firing here.
#[expect(clippy::await_holding_lock, reason = "the example of what not to do")]
async fn held_across_await(prices: &Mutex<Vec<u64>>) {
    let mut guard = prices.lock().expect("prices poisoned");
    tokio::task::yield_now().await; // other tasks run now, on this thread
    guard.push(1);
}
// ANCHOR_END: lint

#[tokio::main]
async fn main() {
    let prices = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = ["a", "bb", "ccc"]
        .into_iter()
        .map(|sku| tokio::spawn(refresh(Arc::clone(&prices), sku)))
        .collect();
    for task in tasks {
        task.await.expect("no panic");
    }
    let mut seen = prices.lock().expect("ok").clone();
    seen.sort_unstable();
    println!("prices: {seen:?}");

    let conn = Arc::new(tokio::sync::Mutex::new(Connection::default()));
    let fetches: Vec<_> = ["x", "yy"]
        .into_iter()
        .map(|sku| tokio::spawn(fetch(Arc::clone(&conn), sku.to_owned())))
        .collect();
    let mut total = 0;
    for f in fetches {
        total += f.await.expect("no panic");
    }
    println!(
        "fetched {total} over {} requests",
        conn.lock().await.requests
    );

    // ANCHOR: blocked
    // Two futures on one task, so on one thread: the second finds the lock
    // still held while the first is parked at its .await.
    let (_, was_locked) = tokio::join!(held_across_await(&prices), async {
        tokio::task::yield_now().await;
        prices.try_lock().is_err() // lock() here would block this thread for good
    });
    println!("the lock was held across the .await: {was_locked}");
    // ANCHOR_END: blocked
}

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: lint_test
    #[tokio::test(flavor = "current_thread")]
    async fn a_guard_held_across_await_blocks_other_tasks_on_the_thread() {
        let prices = Mutex::new(Vec::new());
        let other_task = async {
            tokio::task::yield_now().await;
            // With lock() this would block the only thread forever.
            prices.try_lock().is_err()
        };
        let ((), was_locked) = tokio::join!(held_across_await(&prices), other_task);
        assert!(was_locked, "the other task found the lock held");
    }
    // ANCHOR_END: lint_test

    #[tokio::test(start_paused = true)]
    async fn the_tokio_mutex_serialises_round_trips() {
        let conn = Arc::new(tokio::sync::Mutex::new(Connection::default()));
        let started = tokio::time::Instant::now();
        let tasks: Vec<_> = (0..4)
            .map(|_| tokio::spawn(fetch(Arc::clone(&conn), "ab".into())))
            .collect();
        for t in tasks {
            assert_eq!(t.await.expect("no panic"), 20);
        }
        assert_eq!(conn.lock().await.requests, 4);
        // One at a time: four round trips of 5 ms each.
        assert_eq!(started.elapsed(), Duration::from_millis(20));
    }
}
