// Fails with E0308: Rust never widens `usize` to `i64` behind your back.
fn sql_limit(limit: i64) -> String {
    format!("SELECT * FROM outbox LIMIT {limit}")
}

fn main() {
    let batch_size: usize = 100;
    println!("{}", sql_limit(batch_size));
}
