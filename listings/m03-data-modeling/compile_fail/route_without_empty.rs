// A slice `match` must cover every length, including zero, even when
// `split` never yields an empty list: the compiler reasons about types.
fn route(subject: &str) -> String {
    let parts: Vec<&str> = subject.split('.').collect();
    match parts.as_slice() {
        ["orders", region, event] => format!("order event {event} for region {region}"),
        ["audit", rest @ ..] => format!("audit trail, {} more segment(s)", rest.len()),
        [only] => format!("single segment {only}"),
        [first, .., last] => format!("{first} … {last}"),
    }
}

fn main() {
    println!("{}", route("orders.eu.OrderPlaced"));
}
