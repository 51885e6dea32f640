// Dropping a `Result` is only a warning (the `unused_must_use` lint). This
// file denies the lint so that the compiler's text is kept as an error.
#![deny(unused_must_use)]

// ANCHOR: ignored
fn mark_sent(id: u64) -> Result<(), String> {
    if id == 0 {
        return Err("message 0 does not exist".to_owned());
    }
    Ok(())
}

fn main() {
    mark_sent(42); // the Result is dropped on the floor
}
// ANCHOR_END: ignored
