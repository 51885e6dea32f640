//! Lesson 11.2: `Cell` lets a `&self` method record state. It moves values
//! in and out whole, so no reference to its inside ever exists.

use std::cell::Cell;

// ANCHOR: trait
/// Publishing takes `&self`, like the bridge's `Publisher`: many callers may
/// hold the publisher at once.
trait Publish {
    fn publish(&self, message: &str) -> Result<(), String>;
}
// ANCHOR_END: trait

// ANCHOR: flaky
/// Fails the first `failures` calls, then succeeds: a broker that recovers.
/// (No `#[derive(Debug)]`: `Cell<T>` is `Debug` only when `T: Copy`.)
struct Flaky {
    failures: u32,
    calls: Cell<u32>,
    last_error: Cell<Option<String>>,
}

impl Flaky {
    fn new(failures: u32) -> Self {
        Self {
            failures,
            calls: Cell::new(0),
            last_error: Cell::new(None),
        }
    }
}

impl Publish for Flaky {
    fn publish(&self, message: &str) -> Result<(), String> {
        let call = self.calls.get() + 1; // get copies the u32 out
        self.calls.set(call); // set puts a new one in
        if call <= self.failures {
            let error = format!("attempt {call} for {message}: connection reset");
            self.last_error.set(Some(error.clone()));
            return Err(error);
        }
        Ok(())
    }
}
// ANCHOR_END: flaky

// ANCHOR: retry
fn publish_with_retries(publisher: &impl Publish, message: &str, attempts: u32) -> bool {
    (0..attempts).any(|_| publisher.publish(message).is_ok())
}

fn main() {
    let broker = Flaky::new(2);
    let delivered = publish_with_retries(&broker, "order-1", 5);
    println!("delivered: {delivered} after {} calls", broker.calls.get());
    // `take` moves the String out and leaves `None` behind.
    println!("last error: {:?}", broker.last_error.take());
    println!("now: {:?}", broker.last_error.take());

    println!(
        "a Cell<u32> is as big as a u32: {}",
        size_of::<Cell<u32>>() == size_of::<u32>()
    );
}
// ANCHOR_END: retry

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_calls_through_a_shared_reference() {
        let broker = Flaky::new(3);
        assert!(!publish_with_retries(&broker, "m", 2));
        assert_eq!(broker.calls.get(), 2);
        assert!(publish_with_retries(&broker, "m", 2));
        assert_eq!(broker.calls.get(), 4);
    }

    #[test]
    fn replace_returns_the_old_value() {
        let cell = Cell::new(5);
        assert_eq!(cell.replace(6), 5);
        assert_eq!(cell.into_inner(), 6);
    }
}
