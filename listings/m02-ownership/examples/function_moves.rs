//! Lesson 02.2: passing a value to a function moves it in; returning a value
//! moves it out to the caller.
//!
//! Run with `cargo run -p m02-ownership --example function_moves`.

// ANCHOR: signatures
/// Takes ownership: the message belongs to the publisher now and is freed
/// when this function returns.
fn publish(message: String) -> usize {
    println!("publishing {message}");
    message.len()
}

/// Takes ownership, changes the value, and moves it back out: builder style.
fn with_trace_id(mut message: String, trace_id: u32) -> String {
    message.push_str(" trace=");
    message.push_str(&trace_id.to_string());
    message
}

/// Creates a value here and moves it out to whoever called.
fn new_message(order: u32) -> String {
    format!("order-{order} placed")
}
// ANCHOR_END: signatures

fn main() {
    // ANCHOR: calls
    let message = new_message(17); // moved out of `new_message`
    let message = with_trace_id(message, 42); // moved in, moved back out
    let sent_bytes = publish(message); // moved in for good
    println!("sent {sent_bytes} bytes");
    // println!("{message}"); // error[E0382]: borrow of moved value: `message`
    // ANCHOR_END: calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_can_travel_in_and_back_out() {
        let message = with_trace_id(new_message(1), 7);
        assert_eq!(message, "order-1 placed trace=7");
        assert_eq!(publish(message), 22);
    }
}
