// Fails with E0502: the map's keys still borrow `lines` when it is pushed to
// (Try it 4 of lesson 02.6).
use std::collections::BTreeMap;

fn group_by_aggregate(lines: &[String]) -> BTreeMap<&str, Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (position, line) in lines.iter().enumerate() {
        let id = line.split(';').next().unwrap_or("(none)");
        groups.entry(id).or_default().push(position);
    }
    groups
}

fn main() {
    let mut lines = vec![String::from("aggregate-id=order-42;sequence=1")];
    let groups = group_by_aggregate(&lines);
    lines.push(String::from("aggregate-id=late"));
    for (aggregate, positions) in &groups {
        println!("{aggregate}: messages {positions:?}");
    }
}
