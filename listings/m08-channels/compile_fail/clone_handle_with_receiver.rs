// A "handle" that holds the actor's receiver instead of a sender. std's
// channel is used so that rustc alone can compile this file; tokio's
// `mpsc::Receiver` is not `Clone` either.
use std::sync::mpsc;

#[derive(Debug)]
enum Command {
    Record { aggregate_id: String },
}

#[derive(Clone)]
struct StatsHandle {
    inbox: mpsc::Receiver<Command>,
}

fn main() {
    let (_sender, inbox) = mpsc::channel::<Command>();
    let handle = StatsHandle { inbox };
    let _second = handle.clone();
}
