// A spawned task whose output is an Rc: the result crosses threads too.
// `spawn` below has the same bounds as `tokio::spawn`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;
use std::rc::Rc;

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

fn main() {
    spawn(async { Rc::new(String::from("orders")) });
}
