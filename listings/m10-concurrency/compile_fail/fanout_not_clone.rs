// A broadcast channel of a type that is not Clone. `channel` below has the
// same bound as `tokio::sync::broadcast::channel`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::marker::PhantomData;

struct Sender<T>(PhantomData<T>);
struct Receiver<T>(PhantomData<T>);

fn channel<T: Clone>(_capacity: usize) -> (Sender<T>, Receiver<T>) {
    (Sender(PhantomData), Receiver(PhantomData))
}

/// An event with a large body; deliberately not Clone.
struct Event {
    id: u64,
    body: Vec<u8>,
}

fn main() {
    let (_tx, _rx) = channel::<Event>(16);
}
