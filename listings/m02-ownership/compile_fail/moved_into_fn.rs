// Fails with E0382: `archive` took ownership of `batch`.
fn archive(batch: Vec<String>) -> usize {
    batch.len()
}

fn main() {
    let batch = vec![String::from("order-17"), String::from("order-18")];
    let archived = archive(batch);
    println!("archived {archived}, first was {}", batch[0]);
}
