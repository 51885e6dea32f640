// Try it 3 of lesson 01.2: `type_inference.rs` with `remember` taking a
// `&mut Vec<i32>`. Fails with E0308: the call fixes the element type to `i32`,
// and the function promises to return a `Vec<i64>`.
fn inferred_from_use() -> Vec<i64> {
    let mut ids = Vec::new(); // Vec<?> for now
    ids.push(1_042); // {integer}: still open
    remember(&mut ids); // takes &mut Vec<i32>: now ids is Vec<i32>
    ids
}

fn remember(ids: &mut Vec<i32>) {
    ids.push(1_043);
}

fn main() {
    println!("ids: {:?}", inferred_from_use());
}
