//! Lesson 04.2: a generic struct, and `impl` blocks for all, some or one `T`.
//!
//! Run with `cargo run -p m04-traits-generics --example generic_batch`.

use std::fmt;

// ANCHOR: struct
/// A bounded batch of anything: message ids, payloads, whole messages.
#[derive(Debug)]
struct Batch<T> {
    items: Vec<T>,
    limit: usize,
}
// ANCHOR_END: struct

// ANCHOR: impl_all
/// Methods for every `Batch<T>`, whatever `T` is.
impl<T> Batch<T> {
    fn new(limit: usize) -> Self {
        Batch {
            items: Vec::with_capacity(limit),
            limit,
        }
    }

    /// Adds `item`, or hands it back when the batch is full.
    fn push(&mut self, item: T) -> Result<(), T> {
        if self.items.len() >= self.limit {
            return Err(item);
        }
        self.items.push(item);
        Ok(())
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}
// ANCHOR_END: impl_all

// ANCHOR: impl_some
/// Only for batches whose items can be displayed.
impl<T: fmt::Display> Batch<T> {
    fn summary(&self) -> String {
        let shown: Vec<String> = self.items.iter().map(T::to_string).collect();
        format!("{}/{} [{}]", self.len(), self.limit, shown.join(", "))
    }
}

/// Only for batches of payloads.
impl Batch<Vec<u8>> {
    fn total_bytes(&self) -> usize {
        self.items.iter().map(Vec::len).sum()
    }
}
// ANCHOR_END: impl_some

fn main() {
    // ANCHOR: use
    let mut ids: Batch<i64> = Batch::new(2);
    for id in [1041, 1042, 1043] {
        if let Err(rejected) = ids.push(id) {
            println!("full, {rejected} waits for the next batch");
        }
    }
    println!("ids: {}", ids.summary());

    let mut payloads = Batch::new(10); // Batch<Vec<u8>>, from the pushes below
    payloads.push(b"{}".to_vec()).ok();
    payloads.push(br#"{"total":12}"#.to_vec()).ok();
    println!(
        "payloads: {} items, {} bytes",
        payloads.len(),
        payloads.total_bytes()
    );
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_batch_hands_the_item_back() {
        let mut batch = Batch::new(1);
        assert_eq!(batch.push("a"), Ok(()));
        assert_eq!(batch.push("b"), Err("b"));
        assert_eq!(batch.summary(), "1/1 [a]");
    }

    #[test]
    fn payload_batches_count_bytes() {
        let mut batch = Batch::new(3);
        batch.push(vec![1, 2]).ok();
        batch.push(vec![3]).ok();
        assert_eq!(batch.total_bytes(), 3);
    }
}
