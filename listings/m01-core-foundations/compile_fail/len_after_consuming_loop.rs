// Try it 5 of lesson 01.4: `for_by_ref.rs` reading `topics.len()` after the
// by-value loop. Fails with E0382: the loop moved `topics`.
fn hand_over(topic: String) -> usize {
    topic.len()
}

fn main() {
    let topics = vec![String::from("orders"), String::from("payments")];
    let mut handed = 0;
    for topic in topics {
        handed += hand_over(topic);
    }
    println!("{}", topics.len());
    println!("handed over {handed} bytes of topic names");
}
