// Fails with E0204: `MessageId` lost its `Copy`, so `Attempt`, which holds
// one, cannot be `Copy` either (Try it 1 of lesson 02.2, first step).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MessageId(u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attempt {
    id: MessageId,
    number: u8,
}

fn main() {
    let next_try = Attempt {
        id: MessageId(17),
        number: 2,
    };
    println!("{next_try:?}");
}
