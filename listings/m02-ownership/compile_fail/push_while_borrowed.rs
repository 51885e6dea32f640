// Fails with E0502: `push` may move the Vec's elements to a new buffer while
// `first` still points into the old one.
fn main() {
    let mut batch = vec![String::from("order-17"), String::from("order-18")];
    let first = &batch[0];
    batch.push(String::from("order-19"));
    println!("first is still {first}");
}
