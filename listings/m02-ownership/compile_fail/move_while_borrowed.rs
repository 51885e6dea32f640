// Fails with E0505: `batch` is moved while `first` still borrows from it.
fn main() {
    let batch = vec![String::from("order-17"), String::from("order-18")];
    let first = &batch[0];
    let handed_off = batch;
    println!("first = {first}, handed off {}", handed_off.len());
}
