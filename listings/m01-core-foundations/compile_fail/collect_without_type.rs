// Fails with E0283: `collect` can build many collections; nothing says which.
fn main() {
    let ids = "41,42,43".split(',').map(|id| id.parse::<i64>()).collect();
    println!("{ids:?}");
}
