// Spawning `token.cancelled()` itself: the future borrows the token. The
// `Token` and `spawn` below have the same shapes as tokio-util's
// `CancellationToken::cancelled` and `tokio::spawn`; they stand in for them
// because this file is compiled by rustc alone.
use std::future::Future;

#[derive(Clone)]
struct Token;

impl Token {
    fn cancelled(&self) -> impl Future<Output = ()> + '_ {
        async {}
    }
}

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
{
    drop(future);
}

fn main() {
    let token = Token;
    spawn(token.cancelled());
}
