// Fails with E0106: the result borrows from one of two inputs, and the
// signature does not say which.
fn pick_topic(configured: &str, fallback: &str) -> &str {
    if configured.is_empty() {
        fallback
    } else {
        configured
    }
}

fn main() {
    println!("{}", pick_topic("", "orders"));
}
