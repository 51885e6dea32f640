// Fails with E0106: the result is a reference, and two inputs could be its
// source (Try it 5 of lesson 02.6, first step).
fn routing_key(aggregate_type: &str, aggregate_id: &str) -> &str {
    &format!("{aggregate_type}.{aggregate_id}")
}

fn main() {
    println!("{}", routing_key("order", "42"));
}
