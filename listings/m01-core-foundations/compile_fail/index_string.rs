// Indexing a String by an integer does not compile: a `str` is UTF-8 bytes,
// and "the character at position 0" is not a constant-time question.
fn main() {
    let event_type = String::from("OrderPlaced");
    let first = event_type[0];
    println!("{first}");
}
