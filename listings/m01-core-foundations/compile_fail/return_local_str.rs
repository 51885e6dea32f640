// Returning a &str that borrows a String created inside the function.
fn routing_key(aggregate: &str, id: u64) -> &str {
    let key = format!("{aggregate}.{id}");
    &key
}

fn main() {
    println!("{}", routing_key("order", 42));
}
