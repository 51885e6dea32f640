// `?` returns the error to the caller, so the function must return a
// `Result` (or an `Option`). This `main` returns `()`.
use std::fs;

fn main() {
    let config = fs::read_to_string("relay.conf")?;
    println!("{config}");
}
