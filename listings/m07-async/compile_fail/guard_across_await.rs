// Holding a std::sync::MutexGuard across an .await inside a spawned task.
// `spawn` below has the same bounds as `tokio::spawn`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;
use std::sync::{Arc, Mutex};

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

async fn publish(_message_id: u64) {}

fn main() {
    let sent_ids = Arc::new(Mutex::new(Vec::new()));
    spawn(async move {
        let mut sent = sent_ids.lock().unwrap();
        publish(1).await; // the guard is still alive here
        sent.push(1);
    });
}
