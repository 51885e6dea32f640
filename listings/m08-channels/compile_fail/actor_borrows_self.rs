// Starting an actor's loop on a task while the actor is only borrowed.
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

struct StatsActor {
    published: u64,
}

impl StatsActor {
    async fn run(&mut self) {
        self.published += 1;
    }

    fn start(&mut self) {
        spawn(self.run());
    }
}

fn main() {
    let mut actor = StatsActor { published: 0 };
    actor.start();
}
