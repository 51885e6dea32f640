// Fails with E0509: `ClaimedBatch` implements `Drop`, so its fields cannot
// be moved out one by one: its `drop` must find the whole value.
struct ClaimedBatch {
    batch_id: u32,
    messages: Vec<String>,
}

impl Drop for ClaimedBatch {
    fn drop(&mut self) {
        println!(
            "batch {}: {} rows returned",
            self.batch_id,
            self.messages.len()
        );
    }
}

fn into_messages(batch: ClaimedBatch) -> Vec<String> {
    batch.messages
}

fn main() {
    let batch = ClaimedBatch {
        batch_id: 1,
        messages: vec![String::from("order-17")],
    };
    println!("{:?}", into_messages(batch));
}
