// Lesson 12.4, Pitfalls: returning a borrow of a value the function made.
// The header text is built inside the function, so there is nothing
// outside it for a `&str` to point into; return the `String` instead.

fn checksum_header(data: &[u8]) -> &str {
    let sum: u32 = data.iter().map(|&b| u32::from(b)).sum();
    &format!("{sum:08x}")
}

fn main() {
    println!("{}", checksum_header(b"123456789"));
}
