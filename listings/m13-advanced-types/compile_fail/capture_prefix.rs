// Fails with E0505: in edition 2024 the returned `impl Iterator` captures
// every lifetime in scope, `prefix`'s too, although it only keeps a copy.
// Fix: `+ use<'a>`, which leaves `prefix`'s lifetime out.
fn lane_labels<'a>(lanes: &'a [Vec<u8>], prefix: &str) -> impl Iterator<Item = String> {
    let prefix = prefix.to_owned();
    lanes
        .iter()
        .enumerate()
        .map(move |(i, lane)| format!("{prefix}-{i}: {} messages", lane.len()))
}

fn main() {
    let lanes = vec![vec![1_u8, 2], vec![3]];
    let prefix = String::from("lane");
    let labels = lane_labels(&lanes, &prefix);
    drop(prefix);
    println!("{}", labels.count());
}
