// Fails with E0502: a borrow that is returned on one path is treated as
// live on every later path, so the insert below conflicts with it.
use std::collections::HashMap;

fn topic_for(topics: &mut HashMap<u32, String>, shard: u32) -> &String {
    if let Some(topic) = topics.get(&shard) {
        return topic;
    }
    topics.insert(shard, format!("orders.shard-{shard}"));
    &topics[&shard]
}

fn main() {
    let mut topics = HashMap::new();
    println!("{}", topic_for(&mut topics, 7));
}
