// Two ids that are both i64 inside: a newtype keeps them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MessageId(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OrderNumber(i64);

fn mark_sent(id: MessageId) {
    println!("marking {id:?} as sent");
}

fn main() {
    let order = OrderNumber(42);
    mark_sent(order);
}
