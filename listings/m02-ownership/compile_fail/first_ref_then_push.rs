// Fails with E0502: `first` points into the buffer that `push` may replace
// (Try it 1 of lesson 02.4).
fn main() {
    let mut batch = vec![String::from("order-17"), String::from("order-18")];
    let first = &batch[0];
    batch.push(String::from("order-19"));
    println!("first by reference: {first}");
}
