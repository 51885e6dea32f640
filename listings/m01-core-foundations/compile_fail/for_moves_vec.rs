// A `for` loop over a Vec by value moves the Vec into the loop.
fn main() {
    let topics = vec![String::from("orders"), String::from("payments")];
    for topic in topics {
        println!("subscribing to {topic}");
    }
    println!("subscribed to {} topics", topics.len());
}
