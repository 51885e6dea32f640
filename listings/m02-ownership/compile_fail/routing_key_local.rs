// Fails with E0515: with the lifetimes written, the real problem shows: the
// `String` is created inside the function (Try it 5 of lesson 02.6, second step).
fn routing_key<'a>(aggregate_type: &'a str, aggregate_id: &'a str) -> &'a str {
    &format!("{aggregate_type}.{aggregate_id}")
}

fn main() {
    println!("{}", routing_key("order", "42"));
}
