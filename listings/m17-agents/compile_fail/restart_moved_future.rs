// A future is one run of the work, not a recipe for it: it cannot be spawned twice.
use std::future::Future;

async fn worker(id: u32) -> Result<(), String> {
    Err(format!("worker {id} failed"))
}

/// A stand-in for `tokio::spawn`: it takes the future by value, as the real one does.
fn spawn<F: Future + Send + 'static>(future: F) {
    drop(future);
}

fn main() {
    let work = worker(1);
    for _restart in 0..3 {
        spawn(work);
    }
}
