//! Lesson 13.2: typed ids. `MessageId<Order>` and `MessageId<Payment>` are
//! different types with the same representation as a `u64`.
//!
//! Run with `cargo run -p m13-advanced-types --example phantom_ids`.

use std::fmt;
use std::marker::PhantomData;
use std::mem::{align_of, size_of};

// ANCHOR: id
/// What an id can point at. The prefix is used when the id is displayed.
trait Entity {
    const PREFIX: &'static str;
}

/// The id of a row of entity `T`. `T` is never stored: the marker only
/// makes `MessageId<Order>` and `MessageId<Payment>` different types.
/// `fn() -> T` says "produces a T" (covariant, always `Send + Sync`, owns
/// no `T`); see the table further on for why not plain `PhantomData<T>`.
#[repr(transparent)]
struct MessageId<T> {
    raw: u64,
    _entity: PhantomData<fn() -> T>,
}

impl<T> MessageId<T> {
    const fn new(raw: u64) -> Self {
        Self {
            raw,
            _entity: PhantomData,
        }
    }
}

// Written by hand: `#[derive]` would demand `T: Clone`, `T: PartialEq`, ...
// although no `T` is ever cloned or compared.
impl<T> Clone for MessageId<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for MessageId<T> {}
impl<T> PartialEq for MessageId<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}
impl<T> Eq for MessageId<T> {}
impl<T> fmt::Debug for MessageId<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MessageId").field(&self.raw).finish()
    }
}

impl<T: Entity> fmt::Display for MessageId<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", T::PREFIX, self.raw)
    }
}
// ANCHOR_END: id

// ANCHOR: entities
struct Order;
struct Payment;

impl Entity for Order {
    const PREFIX: &'static str = "order";
}
impl Entity for Payment {
    const PREFIX: &'static str = "payment";
}

/// The argument types say which id goes where; swapping them does not compile.
fn refund(order: MessageId<Order>, payment: MessageId<Payment>) -> String {
    format!("refund {payment} of {order}")
}
// ANCHOR_END: entities

fn main() {
    // ANCHOR: use
    let order = MessageId::<Order>::new(7);
    let payment = MessageId::<Payment>::new(7);
    println!("{}", refund(order, payment));
    println!("same raw value, same id: {}", order == MessageId::new(7));
    println!(
        "size {} / {}, align {} / {}",
        size_of::<MessageId<Order>>(),
        size_of::<u64>(),
        align_of::<MessageId<Order>>(),
        align_of::<u64>()
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_id_costs_exactly_a_u64() {
        assert_eq!(size_of::<MessageId<Order>>(), size_of::<u64>());
        assert_eq!(align_of::<MessageId<Payment>>(), align_of::<u64>());
        assert_eq!(size_of::<PhantomData<fn() -> Order>>(), 0);
    }

    #[test]
    fn ids_are_copy_without_the_entity_being_copy() {
        let id = MessageId::<Order>::new(1);
        let copy = id;
        assert_eq!(id, copy);
        assert_eq!(copy.to_string(), "order-1");
    }
}
