// Fails with E0308: the semicolon turns the last expression into a statement.
fn backoff_ms(attempt: u32) -> u64 {
    let base_ms: u64 = 100;
    base_ms * 2_u64.pow(attempt);
}

fn main() {
    println!("{}", backoff_ms(3));
}
