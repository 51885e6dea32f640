//! Lesson 11.1: `Arc<str>` and `Arc<[T]>` share immutable text and bytes
//! with one allocation and no extra indirection.

use std::sync::Arc;
use std::thread;

// ANCHOR: envelope
/// Many messages carry the same topic name; each holds a cheap handle to it.
#[derive(Debug, Clone)]
struct Envelope {
    id: u64,
    topic: Arc<str>,
    payload: Arc<[u8]>,
}
// ANCHOR_END: envelope

// ANCHOR: share
fn main() {
    let topic: Arc<str> = Arc::from("orders.created");
    let payload: Arc<[u8]> = Arc::from(br#"{"total":10}"#.as_slice());
    let batch: Vec<Envelope> = (1..=3)
        .map(|id| Envelope {
            id,
            topic: Arc::clone(&topic),
            payload: Arc::clone(&payload),
        })
        .collect();
    println!(
        "one topic string, {} owners; one payload, {} owners",
        Arc::strong_count(&topic),
        Arc::strong_count(&payload)
    );

    // Both are Send + Sync: hand the same bytes to another thread.
    let lane = {
        let batch = batch.clone();
        thread::spawn(move || {
            batch
                .iter()
                .map(|e| format!("{}#{} ({} bytes)", e.topic, e.id, e.payload.len()))
                .collect::<Vec<_>>()
        })
    };
    for line in lane.join().expect("the lane does not panic") {
        println!("{line}");
    }

    let word = size_of::<usize>();
    println!(
        "Arc<str> is two words (pointer + length): {}",
        size_of::<Arc<str>>() == 2 * word
    );
    println!(
        "Arc<String> is one word, but reaching the text takes two hops: {}",
        size_of::<Arc<String>>() == word
    );
}
// ANCHOR_END: share

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_allocation() {
        let topic: Arc<str> = Arc::from("t");
        let copy = Arc::clone(&topic);
        assert!(Arc::ptr_eq(&topic, &copy));
        assert_eq!(&*copy, "t");
    }

    #[test]
    fn from_a_vec_copies_once_into_the_shared_block() {
        let bytes = vec![1u8, 2, 3];
        let shared: Arc<[u8]> = Arc::from(bytes);
        assert_eq!(&*shared, &[1, 2, 3]);
        assert_eq!(Arc::strong_count(&shared), 1);
    }
}
