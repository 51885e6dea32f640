// A pool guard that borrows its pool cannot be moved into a spawned task.
// `spawn` has the same bounds as `tokio::spawn` (rustc alone, no tokio here).
use std::future::Future;
use std::sync::Mutex;

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

struct Pool {
    idle: Mutex<Vec<u32>>,
}

struct Pooled<'a> {
    conn: u32,
    pool: &'a Pool,
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        self.pool.idle.lock().unwrap().push(self.conn);
    }
}

impl Pooled<'_> {
    async fn query(&self) -> u32 {
        self.conn
    }
}

impl Pool {
    fn get(&self) -> Pooled<'_> {
        let conn = self.idle.lock().unwrap().pop().unwrap();
        Pooled { conn, pool: self }
    }
}

fn main() {
    let pool = Pool {
        idle: Mutex::new(vec![1, 2]),
    };
    let conn = pool.get();
    spawn(async move {
        println!("answer from connection {}", conn.query().await);
    });
}
