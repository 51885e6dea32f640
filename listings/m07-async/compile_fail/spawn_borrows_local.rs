// A spawned task that borrows a local variable instead of owning it.
// `spawn` below has the same bounds as `tokio::spawn`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

fn main() {
    let topic = String::from("orders");
    spawn(async {
        println!("publishing to {topic}");
    });
}
