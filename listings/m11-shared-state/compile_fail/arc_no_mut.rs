// Changing a value through an `Arc`: shared ownership is shared access.
use std::sync::Arc;

fn main() {
    let topics = Arc::new(vec!["orders".to_string()]);
    let reader = Arc::clone(&topics);
    topics.push("payments".to_string());
    println!("{}", reader.len());
}
