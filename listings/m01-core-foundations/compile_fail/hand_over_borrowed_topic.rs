// Try it 5 of lesson 01.4: looping over `&topics` instead. The `len()` is fine
// now, but fails with E0308: `hand_over` wants a `String`, `topic` is a `&String`.
fn hand_over(topic: String) -> usize {
    topic.len()
}

fn main() {
    let topics = vec![String::from("orders"), String::from("payments")];
    let mut handed = 0;
    for topic in &topics {
        handed += hand_over(topic);
    }
    println!("{}", topics.len());
    println!("handed over {handed} bytes of topic names");
}
