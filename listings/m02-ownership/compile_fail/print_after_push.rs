// Fails with E0502: `first` is still used after the `push`, so the shared
// borrow overlaps the mutable one (Try it 1 of lesson 02.3).
fn largest(batch: &[String]) -> Option<&String> {
    batch.iter().max_by_key(|message| message.len())
}

fn main() {
    let mut batch = vec![String::from("order-17"), String::from("order-18-amended")];

    let first = &batch[0]; // shared borrow #1 starts
    let biggest = largest(&batch); // shared borrow #2 starts

    batch.push(String::from("order-19")); // mutable borrow while #1 and #2 live
    println!("first = {first}, largest = {biggest:?}");
}
