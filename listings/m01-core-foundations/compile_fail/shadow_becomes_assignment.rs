// Try it 2 of lesson 01.1: the inner `let limit = limit * 2;` of `shadowing.rs`
// turned into an assignment. Fails with E0384: the outer `limit` is immutable.
fn main() {
    let limit = 100;
    println!("outer: limit = {limit}");
    {
        limit = limit * 2;
        println!("inner: limit = {limit}");
    }
    println!("outer again: limit = {limit}");
}
