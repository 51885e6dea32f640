// Fails with E0308: `MessageId<Order>` and `MessageId<Payment>` are
// different types, although both are a `u64` at run time.
use std::marker::PhantomData;

struct MessageId<T> {
    raw: u64,
    _entity: PhantomData<fn() -> T>,
}

struct Order;
struct Payment;

fn refund(order: MessageId<Order>, payment: MessageId<Payment>) -> u64 {
    order.raw + payment.raw
}

fn main() {
    let order = MessageId::<Order> {
        raw: 7,
        _entity: PhantomData,
    };
    let payment = MessageId::<Payment> {
        raw: 9,
        _entity: PhantomData,
    };
    println!("{}", refund(payment, order));
}
