// A handle whose `Clone` is derived. `std::sync::mpsc` stands in for Tokio's
// channels, and `ReplyTo` for `oneshot::Sender`, which is not `Clone` either,
// because this file is compiled by rustc alone.
use std::sync::mpsc;

struct ReplyTo<T>(mpsc::Sender<T>);

#[allow(dead_code)]
enum LedgerMsg {
    CountFor { aggregate: String, reply: ReplyTo<u64> },
}

#[derive(Clone)]
struct Handle<M> {
    inbox: mpsc::Sender<M>,
}

fn main() {
    let (inbox, _receiver) = mpsc::channel::<LedgerMsg>();
    let ledger = Handle { inbox };
    let for_the_poller = ledger.clone();
    drop((ledger, for_the_poller));
}
