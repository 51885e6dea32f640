//! Lesson 11.4: a connection pool. A `Semaphore` counts free connections; a
//! guard hands its connection back when it is dropped.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

// ANCHOR: pool
/// A fixed set of connections shared by many tasks.
#[derive(Debug)]
pub(crate) struct Pool<C> {
    idle: Mutex<Vec<C>>,
    /// One permit per idle connection.
    permits: Arc<Semaphore>,
}

/// A connection on loan. It owns an `Arc` of its pool rather than borrowing
/// it, so it is `'static` and can move into a spawned task.
#[derive(Debug)]
pub(crate) struct Pooled<C> {
    conn: Option<C>,
    pool: Arc<Pool<C>>,
    // Dropped after `drop` below has put the connection back.
    _permit: OwnedSemaphorePermit,
}

impl<C> Pool<C> {
    pub(crate) fn new(connections: Vec<C>) -> Arc<Self> {
        Arc::new(Self {
            permits: Arc::new(Semaphore::new(connections.len())),
            idle: Mutex::new(connections),
        })
    }

    /// Waits until a connection is free, then lends it out.
    pub(crate) async fn get(self: &Arc<Self>) -> Pooled<C> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .expect("the pool never closes its semaphore");
        let conn = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        Pooled {
            conn: Some(conn.expect("a permit means a connection is idle")),
            pool: Arc::clone(self),
            _permit: permit,
        }
    }

    pub(crate) fn idle(&self) -> usize {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl<C> Drop for Pooled<C> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut idle = self
                .pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            idle.push(conn);
        }
    }
}

impl<C> Deref for Pooled<C> {
    type Target = C;
    fn deref(&self) -> &C {
        self.conn.as_ref().expect("present until drop")
    }
}

impl<C> DerefMut for Pooled<C> {
    fn deref_mut(&mut self) -> &mut C {
        self.conn.as_mut().expect("present until drop")
    }
}
// ANCHOR_END: pool

// ANCHOR: main
/// A pretend database connection.
#[derive(Debug)]
struct Conn {
    id: u32,
    queries: u32,
}

impl Conn {
    async fn query(&mut self) -> u32 {
        self.queries += 1;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        self.id
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let pool = Pool::new((1..=3).map(|id| Conn { id, queries: 0 }).collect());
    let started = tokio::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..9 {
        let pool = Arc::clone(&pool);
        tasks.spawn(async move { pool.get().await.query().await });
    }
    let served = tasks.join_all().await.len();
    println!(
        "9 queries on 3 connections: {served} served in {} ms",
        started.elapsed().as_millis()
    );
    let mut counts: Vec<(u32, u32)> = {
        let idle = pool.idle.lock().expect("ok");
        idle.iter().map(|c| (c.id, c.queries)).collect()
    };
    counts.sort_unstable();
    println!(
        "queries per connection: {counts:?}, idle again: {}",
        pool.idle()
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn never_more_loans_than_connections() {
        let pool = Pool::new(vec![(); 3]);
        let (in_use, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let (pool, in_use, most) = (Arc::clone(&pool), Arc::clone(&in_use), Arc::clone(&most));
            tasks.spawn(async move {
                let _conn = pool.get().await;
                let now = in_use.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(2)).await;
                in_use.fetch_sub(1, Ordering::SeqCst);
            });
        }
        tasks.join_all().await;
        assert_eq!(most.load(Ordering::SeqCst), 3);
        assert_eq!(pool.idle(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_task_gives_its_connection_back() {
        let pool = Pool::new(vec![7_u32]);
        let holder = tokio::spawn({
            let pool = Arc::clone(&pool);
            async move {
                let _conn = pool.get().await;
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        });
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(pool.idle(), 0, "on loan");
        holder.abort();
        assert!(holder.await.expect_err("aborted").is_cancelled());
        assert_eq!(pool.idle(), 1, "back in the pool");
        assert_eq!(*pool.get().await, 7);
    }
}
