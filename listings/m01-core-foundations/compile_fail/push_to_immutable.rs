// Fails with E0596: `push` needs `&mut pending`, and `pending` is not `mut`.
fn main() {
    let pending = Vec::new();
    pending.push("order-17");
    println!("{pending:?}");
}
