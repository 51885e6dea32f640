// Fails with E0506: `batch` is replaced while `oldest` still borrows from it.
fn main() {
    let mut batch = vec![String::from("order-17"), String::from("order-18")];
    let oldest = &batch[0];
    batch = vec![String::from("order-19")];
    println!("oldest was {oldest}, now {} pending", batch.len());
}
