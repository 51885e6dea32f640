//! Answers to the "Try it" exercises of lesson 02.1.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_1`.

use std::cell::RefCell;
use std::sync::Mutex;

thread_local! {
    /// Create/drop events on this thread, as in `drop_order.rs`.
    static EVENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(event: String) {
    println!("  {event}");
    EVENTS.with(|events| events.borrow_mut().push(event));
}

#[cfg(test)]
fn take_events() -> Vec<String> {
    EVENTS.with(|events| events.take())
}

struct Noisy {
    name: String,
}

impl Noisy {
    fn new(name: &str) -> Noisy {
        record(format!("create {name}"));
        Noisy {
            name: name.to_string(),
        }
    }
}

impl Drop for Noisy {
    fn drop(&mut self) {
        record(format!("drop   {}", self.name));
    }
}

// ANCHOR: answer1
/// `reverse_order` with its two `let` lines swapped: `_second` is declared
/// first now, so it is dropped last.
fn reverse_order_swapped() {
    let _second = Noisy::new("second");
    let _first = Noisy::new("first");
    {
        let _inner = Noisy::new("inner");
        record("-- end of inner block".to_string());
    }
    record("-- end of function".to_string());
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The line that compiles: reading `b` *before* it moves into `c`.
fn moves_change_the_owner_with_a_read() {
    let b = Noisy::new("b");
    record(b.name.clone()); // `b` still owns its value here
    let c = b;
    record(format!("-- end of function, `c` owns {}", c.name));
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// `lock_for_one_block` without the block: the guard now lives to the end
/// of the function, so the mutex is still locked when `free_after` is read.
fn lock_without_a_block(pending: &Mutex<Vec<u64>>) -> (bool, bool) {
    let mut guard = pending.lock().expect("no thread panicked holding the lock");
    guard.push(18);
    let locked_inside = pending.try_lock().is_err();
    let free_after = pending.try_lock().is_ok(); // the guard is still alive
    (locked_inside, free_after)
} // `guard` is dropped only here
// ANCHOR_END: answer3

// ANCHOR: answer4
/// A claim whose `Drop` reports whether it was committed, as in
/// `claimed_batch.rs`.
struct ClaimedBatch {
    batch_id: u32,
    messages: Vec<String>,
    committed: bool,
}

impl Drop for ClaimedBatch {
    fn drop(&mut self) {
        if self.committed {
            record(format!("batch {}: claim closed", self.batch_id));
        } else {
            let count = self.messages.len();
            record(format!(
                "batch {}: {count} messages returned to outbox",
                self.batch_id
            ));
        }
    }
}

/// `relay_once` with `batch.commit();` deleted. It compiles, and it is wrong:
/// the successful path now also drops the batch uncommitted.
fn relay_once_without_commit(batch: ClaimedBatch) -> Result<usize, String> {
    for message in &batch.messages {
        record(format!("published {message}"));
    }
    Ok(batch.messages.len())
} // `batch` dropped here with `committed == false`
// ANCHOR_END: answer4

fn main() {
    println!("answer 1:");
    reverse_order_swapped();
    println!("answer 2:");
    moves_change_the_owner_with_a_read();
    println!("answer 3:");
    let pending = Mutex::new(vec![17]);
    let (locked_inside, free_after) = lock_without_a_block(&pending);
    println!("  mutex locked while the guard lives: {locked_inside}");
    println!("  mutex free after the guard's block: {free_after}");
    println!("answer 4:");
    let batch = ClaimedBatch {
        batch_id: 1,
        messages: vec![String::from("order-17"), String::from("order-18")],
        committed: false,
    };
    println!("  -> {:?}", relay_once_without_commit(batch));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapping_the_lets_swaps_their_drops() {
        reverse_order_swapped();
        let events = take_events();
        let drops: Vec<_> = events.iter().filter(|e| e.starts_with("drop")).collect();
        assert_eq!(drops, ["drop   inner", "drop   first", "drop   second"]);
    }

    #[test]
    fn reading_before_the_move_is_fine_and_drops_once() {
        moves_change_the_owner_with_a_read();
        let events = take_events();
        assert_eq!(events[1], "b");
        assert_eq!(events.iter().filter(|e| e.starts_with("drop")).count(), 1);
    }

    #[test]
    fn without_the_block_the_lock_is_still_held() {
        let pending = Mutex::new(vec![17]);
        assert_eq!(lock_without_a_block(&pending), (true, false));
        // After the function returned, the guard is gone and the lock is free.
        assert_eq!(*pending.lock().expect("not poisoned"), [17, 18]);
    }

    #[test]
    fn without_commit_a_published_batch_is_handed_back() {
        let batch = ClaimedBatch {
            batch_id: 7,
            messages: vec![String::from("a"), String::from("b")],
            committed: false,
        };
        assert_eq!(relay_once_without_commit(batch), Ok(2));
        let events = take_events();
        // This is the line `a_committed_batch_closes_its_claim` looks for,
        // and it is no longer "batch 7: claim closed".
        assert_eq!(
            events.last().map(String::as_str),
            Some("batch 7: 2 messages returned to outbox")
        );
    }
}
