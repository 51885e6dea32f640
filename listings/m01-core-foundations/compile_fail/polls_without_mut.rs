// Try it 1 of lesson 01.1: `immutability.rs` with the `mut` removed from
// `polls`. Fails with E0384: an immutable binding is assigned a second time.
fn main() {
    let relay_name = "outbox-relay";
    let polls = 0;
    polls += 1;
    polls += 1;
    println!("{relay_name} polled {polls} times");
}
