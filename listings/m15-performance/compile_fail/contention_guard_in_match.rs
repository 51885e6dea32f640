// A guard nobody named: the temporary `MutexGuard` of a `match` scrutinee
// lives until the end of the `match`, across the `.await` in an arm.
// `spawn` has the bounds of `tokio::spawn`; it stands in for it because this
// file is compiled by rustc alone, without the tokio crate.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

async fn alert(_aggregate: u32, _failures: u64) {}

async fn check(failures: Arc<Mutex<HashMap<u32, u64>>>, aggregate: u32) {
    match failures.lock().unwrap().get(&aggregate) {
        Some(&n) if n > 3 => alert(aggregate, n).await,
        _ => {}
    }
}

fn main() {
    spawn(check(Arc::default(), 7));
}
