// Fails with E0277: `PhantomData<*const T>` makes a type neither `Send`
// nor `Sync`, whatever `T` is: the way to opt a handle out of threads.
use std::marker::PhantomData;

/// A handle that must stay on the thread that created it.
struct ThreadBound<T> {
    slot: usize,
    _not_send: PhantomData<*const T>,
}

impl<T> ThreadBound<T> {
    fn slot(&self) -> usize {
        self.slot
    }
}

fn main() {
    let handle = ThreadBound::<u8> {
        slot: 3,
        _not_send: PhantomData,
    };
    let worker = std::thread::spawn(move || handle.slot());
    println!("{:?}", worker.join().ok());
}
