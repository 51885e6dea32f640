// Fails with E0435: a `const` must be known at compile time, a `let` is not.
fn main() {
    let requested = 250;
    const BATCH_SIZE: usize = requested * 2;
    println!("requested {requested}, batch {BATCH_SIZE}");
}
