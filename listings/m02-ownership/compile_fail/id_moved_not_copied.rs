// Fails with E0382: without `Copy`, `let same = id;` moves the id
// (Try it 1 of lesson 02.2, last step).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MessageId(u64);

fn log_id(id: MessageId) -> String {
    format!("logged {id:?}")
}

fn main() {
    let id = MessageId(17);
    let same = id; // now a move, not a copy
    let line = log_id(id);
    println!("{line}; same = {same:?}");
}
