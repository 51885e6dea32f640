// Fails with E0502: `first` is used after the push, so its loan is still live
// when `push` asks for `&mut batch`.
fn main() {
    let mut batch = vec![String::from("OrderPlaced")];
    let first = &batch[0];
    batch.push(String::from("OrderShipped"));
    println!("publishing {first} first");
}
