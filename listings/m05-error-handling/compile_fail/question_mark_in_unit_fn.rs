// `?` returns early with the error, so the function must be able to return one.
fn main() {
    let batch_size: u32 = "100".parse()?;
    println!("batch size {batch_size}");
}
