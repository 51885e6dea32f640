// Fails with E0597: `winner` is used after `fallback` is dropped, outside
// the region where both inputs of `longest` are alive.
fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() >= b.len() { a } else { b }
}

fn main() {
    let primary = String::from("orders.v2");
    let winner;
    {
        let fallback = String::from("orders");
        winner = longest(&primary, &fallback);
    }
    println!("longest: {winner}");
}
