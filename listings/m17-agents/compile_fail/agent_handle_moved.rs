// Moving the only handle into a task, then using it again. `spawn` has the
// bounds of `tokio::spawn`; it stands in for it because this file is compiled
// by rustc alone.
use std::future::Future;
use std::sync::mpsc;

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

#[derive(Clone)]
struct Handle {
    inbox: mpsc::Sender<u64>,
}

impl Handle {
    async fn confirmed(&self, id: u64) {
        let _ = self.inbox.send(id);
    }
}

fn main() {
    let (inbox, _receiver) = mpsc::channel();
    let ledger = Handle { inbox };
    spawn(async move {
        ledger.confirmed(1).await;
    });
    spawn(async move {
        ledger.confirmed(2).await;
    });
}
