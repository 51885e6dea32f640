// Fails with E0271: the bound pins the associated type (`Item = Message`),
// and iterating a slice yields `&Message`, not `Message`.
struct Message {
    payload: Vec<u8>,
}

fn total_payload<I>(messages: I) -> usize
where
    I: IntoIterator<Item = Message>,
{
    messages.into_iter().map(|m| m.payload.len()).sum()
}

fn main() {
    let batch = vec![Message {
        payload: b"{}".to_vec(),
    }];
    println!("{}", total_payload(batch.iter()));
}
