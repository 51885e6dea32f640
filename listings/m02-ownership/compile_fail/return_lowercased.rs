// Fails with E0515: the lower-cased `String` is created inside the function
// and dropped when it returns, so a `&str` into it cannot be returned.
fn normalise_event_type(raw: &str) -> &str {
    raw.to_lowercase().as_str()
}

fn main() {
    println!("{}", normalise_event_type("OrderPlaced"));
}
