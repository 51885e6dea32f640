// Holding a std::sync::MutexGuard across an .await in a spawned task.
// `spawn` has the same bounds as `tokio::spawn`; it stands in for it because
// this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;
use std::sync::{Arc, Mutex};

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

async fn load_price(_sku: &str) -> u64 {
    42
}

async fn refresh(prices: Arc<Mutex<Vec<u64>>>) {
    let mut cached = prices.lock().unwrap();
    let price = load_price("sku-1").await; // the guard is still alive here
    cached.push(price);
}

fn main() {
    let prices = Arc::new(Mutex::new(Vec::new()));
    spawn(refresh(prices));
}
