// Fails with E0308: `mut` lets the value change, never the type.
fn main() {
    let mut batch_size = "250";
    batch_size = batch_size.parse::<usize>().unwrap_or(100);
    println!("batch size {batch_size}");
}
