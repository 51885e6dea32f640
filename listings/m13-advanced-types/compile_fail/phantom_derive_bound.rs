// Fails with E0599: `#[derive(Clone)]` adds the bound `T: Clone`, and
// `Order` is not `Clone`, although no `Order` is ever stored or cloned.
use std::marker::PhantomData;

#[derive(Clone)]
struct MessageId<T> {
    raw: u64,
    _entity: PhantomData<fn() -> T>,
}

struct Order;

fn main() {
    let id = MessageId::<Order> {
        raw: 7,
        _entity: PhantomData,
    };
    let copy = id.clone();
    println!("{} {}", id.raw, copy.raw);
}
