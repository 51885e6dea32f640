// Fails with E0621: the signature ties the result to `line`, but the
// fallback branch returns `default`, which has a lifetime of its own.
fn header_or<'a>(line: &'a str, key: &str, default: &str) -> &'a str {
    match line.split_once('=') {
        Some((name, value)) if name == key => value,
        _ => default,
    }
}

fn main() {
    println!(
        "{}",
        header_or("aggregate-id=order-42", "aggregate-id", "(none)")
    );
}
