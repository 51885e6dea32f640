// The two branches of an `if` used as a value produce different types.
fn main() {
    let attempts = 5;
    let delay_ms = if attempts < 5 { 200 } else { "give up" };
    println!("{delay_ms}");
}
