// Fails with E0515: `sorted` is freed when the function returns, so a slice
// of it cannot be handed to the caller.
fn newest_two(ids: &[u64]) -> &[u64] {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    &sorted[sorted.len() - 2..]
}

fn main() {
    println!("{:?}", newest_two(&[18, 17, 19]));
}
