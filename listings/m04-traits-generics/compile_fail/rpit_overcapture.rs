// Fails with E0502 in Rust 2024: a returned `impl Trait` captures every
// lifetime in scope, so the iterator counts as borrowing `events` although
// it owns its data. Adding `+ use<>` to the return type fixes it.
struct Event {
    payload: Vec<u8>,
}

fn sizes(events: &[Event]) -> impl Iterator<Item = usize> {
    let sizes: Vec<usize> = events.iter().map(|event| event.payload.len()).collect();
    sizes.into_iter()
}

fn main() {
    let mut events = vec![Event {
        payload: b"{}".to_vec(),
    }];
    let before = sizes(&events);
    events.clear();
    println!("{:?}", before.collect::<Vec<_>>());
}
