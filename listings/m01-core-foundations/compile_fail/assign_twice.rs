// Fails with E0384: `attempts` was bound without `mut`.
fn main() {
    let attempts = 0;
    println!("attempt {attempts}");
    attempts = attempts + 1;
    println!("attempt {attempts}");
}
