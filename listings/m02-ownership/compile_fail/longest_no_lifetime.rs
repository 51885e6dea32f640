// Fails with E0106: two reference inputs, a reference output, and nothing
// saying which input the output borrows from.
fn longest(a: &str, b: &str) -> &str {
    if a.len() >= b.len() { a } else { b }
}

fn main() {
    println!("{}", longest("orders.v2", "orders"));
}
