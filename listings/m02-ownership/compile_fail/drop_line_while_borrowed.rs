// Fails with E0505: `line` is moved into `drop` while the loan behind
// `aggregate` is still live (Try it 1 of lesson 02.5).
fn main() {
    let line = String::from("order-42|OrderPlaced|{}"); // the owner
    let aggregate = &line[..8]; // a loan of `line` begins
    println!("aggregate: {aggregate}");
    drop(line); // the owner goes away...
    println!("{aggregate}"); // ...but the loan must reach this line
}
