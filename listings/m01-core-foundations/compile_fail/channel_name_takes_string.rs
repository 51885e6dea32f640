// Try it 3 of lesson 01.3: `channel_name` in `slice_views.rs` taking a
// `&String`. Fails with E0308 three times: only `&owned` is a `&String`.
#[allow(clippy::ptr_arg)] // the lint that warns about exactly this parameter
fn channel_name(topic: &String) -> String {
    format!("outbox:{topic}")
}

fn main() {
    let owned = String::from("orders.placed");
    println!("{}", channel_name("payments")); // &'static str
    println!("{}", channel_name(&owned)); // &String: still fits
    println!("{}", channel_name(&owned[..6])); // a slice of the String
    println!("{}", channel_name(owned.as_str())); // explicit conversion
}
