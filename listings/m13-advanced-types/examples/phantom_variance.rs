//! Lesson 13.2: variance, proven by the compiler. Every function below
//! compiles only because its type has the variance its name claims.
//!
//! Run with `cargo run -p m13-advanced-types --example phantom_variance`.

use std::cell::Cell;
use std::marker::PhantomData;
use std::rc::Rc;

// ANCHOR: markers
/// Owns a `T`, as far as the compiler is concerned: covariant, and `Send`
/// or `Sync` only when `T` is.
struct Owned<T>(PhantomData<T>);
/// Produces `T`s: covariant, always `Send + Sync`.
struct Producer<T>(PhantomData<fn() -> T>);
/// Consumes `T`s: contravariant, always `Send + Sync`.
struct Consumer<T>(PhantomData<fn(T)>);
/// Points at `T`s: covariant, never `Send` or `Sync`.
struct Pointer<T>(PhantomData<*const T>);
// ANCHOR_END: markers

// ANCHOR: proofs
// Covariant: a longer lifetime may be used where a shorter one is expected.
fn shrink_ref<'s, 'l: 's>(x: &'s &'l str) -> &'s &'s str {
    x
}
fn shrink_mut_lifetime<'s, 'l: 's>(x: &'l mut String) -> &'s mut String {
    x // `&'a mut T` is covariant in 'a ...
}
fn shrink_owned<'s, 'l: 's>(x: Owned<&'l str>) -> Owned<&'s str> {
    x
}
fn shrink_producer<'s, 'l: 's>(x: Producer<&'l str>) -> Producer<&'s str> {
    x
}
fn shrink_pointer<'s, 'l: 's>(x: Pointer<&'l str>) -> Pointer<&'s str> {
    x
}

// Contravariant: the other way round. Something that accepts any
// `&'s str` also accepts the longer-lived `&'l str`.
fn widen_consumer<'s, 'l: 's>(x: Consumer<&'s str>) -> Consumer<&'l str> {
    x
}
fn widen_fn<'s, 'l: 's>(f: fn(&'s str) -> usize) -> fn(&'l str) -> usize {
    f
}
// ANCHOR_END: proofs

// ANCHOR: feed
/// Ties the marker's `T` to the value's type.
fn feed<T>(_owned: Owned<T>, value: T) -> T {
    value
}

fn assert_send_sync<T: Send + Sync>() {}
// ANCHOR_END: feed

fn main() {
    // ANCHOR: use
    let forever: &'static str = "static";
    let local = String::from("local");

    // `Owned<&'static str>` shrinks to `Owned<&'local str>`: covariance.
    let value = feed(Owned::<&'static str>(PhantomData), &local);
    println!("Owned took a {}-byte local", value.len());

    // By value, `&'static str` shrinks to the local lifetime too.
    let picked = if local.len() > 3 { &local } else { forever };
    println!("picked {picked}");

    // The markers' auto traits, checked at compile time.
    assert_send_sync::<Producer<Rc<u8>>>(); // fn() -> T: Send + Sync whatever T is
    assert_send_sync::<Consumer<Rc<u8>>>(); // fn(T): the same
    assert_send_sync::<Owned<u8>>(); // PhantomData<T>: as T is
    println!("auto traits: as the table says");

    // Calling the proofs, so they are not just declarations.
    let mut name = String::from("order-7");
    let shortened = shrink_ref(&forever);
    shrink_mut_lifetime(&mut name).push('!');
    let _ = shrink_owned(Owned::<&'static str>(PhantomData));
    let _ = shrink_producer(Producer::<&'static str>(PhantomData));
    let _ = shrink_pointer(Pointer::<&'static str>(PhantomData));
    let _ = widen_consumer(Consumer::<&str>(PhantomData));
    let count: fn(&'static str) -> usize = widen_fn(str::len);
    println!("{shortened} {name} {}", count("abc"));

    // An unannotated Cell takes the local lifetime from the start. A
    // `Cell<&'static str>` could never take `&local`: Cell<T> is invariant
    // (compile_fail/variance_cell.rs).
    let cell: Cell<&str> = Cell::new(forever);
    cell.set(&local);
    println!("cell holds {}", cell.get());
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn every_marker_is_zero_sized() {
        assert_eq!(size_of::<Owned<String>>(), 0);
        assert_eq!(size_of::<Producer<String>>(), 0);
        assert_eq!(size_of::<Consumer<String>>(), 0);
        assert_eq!(size_of::<Pointer<String>>(), 0);
    }

    #[test]
    fn contravariant_functions_accept_longer_lifetimes() {
        let f = widen_fn(str::len);
        assert_eq!(f("four"), 4);
    }
}
