// Fails with E0277: with `PhantomData<T>`, `MessageId<Session>` is `Send`
// only if `Session` is, and `Rc` is not. The id holds no `Session`; the
// marker `PhantomData<fn() -> T>` says so and keeps it `Send`.
use std::marker::PhantomData;
use std::rc::Rc;

struct MessageId<T> {
    raw: u64,
    _entity: PhantomData<T>,
}

impl<T> MessageId<T> {
    fn raw(&self) -> u64 {
        self.raw
    }
}

/// An entity type that happens to hold an `Rc`.
#[allow(dead_code)]
struct Session(Rc<String>);

fn main() {
    let id = MessageId::<Session> {
        raw: 7,
        _entity: PhantomData,
    };
    let worker = std::thread::spawn(move || id.raw());
    println!("{:?}", worker.join().ok());
}
