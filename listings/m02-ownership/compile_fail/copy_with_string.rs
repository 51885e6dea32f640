// Fails with E0204: a `Copy` type must be all `Copy` fields; `String` is not.
#[derive(Debug, Clone, Copy)]
struct Envelope {
    id: u64,
    topic: String,
}

fn main() {
    let envelope = Envelope {
        id: 17,
        topic: String::from("orders"),
    };
    println!("{envelope:?}");
}
