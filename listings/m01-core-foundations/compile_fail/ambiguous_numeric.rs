// Fails with E0689: a method call needs a concrete type, not just `{integer}`.
fn main() {
    let max_backoff_ms = 2.pow(10);
    println!("{max_backoff_ms}");
}
