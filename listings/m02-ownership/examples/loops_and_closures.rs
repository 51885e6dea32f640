//! Lesson 02.2: `for` over a value consumes it, `for` over `&value` borrows it,
//! and a `move` closure takes ownership of what it captures.
//!
//! Run with `cargo run -p m02-ownership --example loops_and_closures`.

use std::thread;

/// Pretends to send `payload` to `topic`; it takes ownership, as a real
/// client that queues the bytes would.
fn send(topic: &str, payload: String) -> String {
    format!("{topic} <- {payload}")
}

// ANCHOR: fan_out
/// Sends the same payload to every topic. Each call needs its own `String`,
/// so every iteration clones; the original is dropped at the end.
fn fan_out(payload: String, topics: &[&str]) -> Vec<String> {
    let mut sent = Vec::new();
    for topic in topics {
        sent.push(send(topic, payload.clone()));
    }
    sent
}
// ANCHOR_END: fan_out

fn main() {
    // ANCHOR: for_loops
    let batch = vec![String::from("order-17"), String::from("order-18")];
    for message in &batch {
        // `&batch`: each `message` is a `&String`; `batch` stays ours
        println!("peek {message}");
    }
    let mut in_flight = Vec::new();
    for message in batch {
        // `batch`: each `message` is a `String`, moved out of the Vec
        in_flight.push(message);
    } // `batch` was consumed by the loop; using it now is E0382
    println!("in flight: {in_flight:?}");
    // ANCHOR_END: for_loops

    for line in fan_out(String::from("order-19"), &["orders", "audit"]) {
        println!("{line}");
    }

    // ANCHOR: closures
    let topic = String::from("orders");
    let describe = || format!("topic {topic}"); // captures `&topic`
    println!("{}", describe());
    println!("still ours: {topic}");

    // `move` makes the closure own `topic`: the thread may outlive this frame
    let worker = thread::spawn(move || format!("worker publishing to {topic}"));
    println!("{}", worker.join().expect("the worker does not panic"));
    // println!("{topic}"); // error[E0382]: borrow of moved value: `topic`
    // ANCHOR_END: closures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fan_out_sends_one_copy_per_topic() {
        let sent = fan_out(String::from("p"), &["a", "b", "c"]);
        assert_eq!(sent, ["a <- p", "b <- p", "c <- p"]);
    }

    #[test]
    fn a_move_closure_owns_its_capture() {
        let topic = String::from("orders");
        let owns_it = move || topic.len();
        assert_eq!(owns_it(), 6);
        assert_eq!(owns_it(), 6, "calling it does not consume the capture");
    }
}
