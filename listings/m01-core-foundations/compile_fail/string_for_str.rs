// Passing an owned String where the function asks for a borrowed &str.
fn log_event(event_type: &str) {
    println!("event: {event_type}");
}

fn main() {
    let event_type = String::from("OrderPlaced");
    log_event(event_type);
}
