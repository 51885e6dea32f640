// Fails with E0284: `parse` can produce any `FromStr` type; nothing says which.
fn main() {
    let batch_size = "250".parse().expect("a number");
    println!("batch size {batch_size}");
}
