// Fails with E0597: `PhantomData<fn(T)>` makes `Consumer` contravariant.
// A `Consumer<&'static str>` accepts only `'static` strings and cannot
// become a `Consumer<&'local str>`; the covariant `Owned` in
// examples/phantom_variance.rs can.
use std::marker::PhantomData;

struct Consumer<T>(PhantomData<fn(T)>);

/// Ties the consumer's `T` to the value's type.
fn feed<T>(_consumer: Consumer<T>, value: T) -> T {
    value
}

fn main() {
    let local = String::from("local");
    let value = feed(Consumer::<&'static str>(PhantomData), &local);
    println!("{value}");
}
