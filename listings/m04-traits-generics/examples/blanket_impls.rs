//! Lesson 04.4: blanket implementations: one `impl` for every type that
//! meets a bound, the way std gives every `Display` type `to_string`.
//!
//! Run with `cargo run -p m04-traits-generics --example blanket_impls`.

use std::fmt;

// ANCHOR: blanket
/// A line for the relay's log.
trait LogLine {
    fn log_line(&self) -> String;
}

/// Every type that can be displayed gets a log line, including types
/// written after this impl, in crates that have never heard of it.
/// `?Sized` lets unsized types such as `str` in as well.
impl<T: fmt::Display + ?Sized> LogLine for T {
    fn log_line(&self) -> String {
        format!("[outbox] {self}")
    }
}
// ANCHOR_END: blanket

// ANCHOR: new_type
/// A type written later: implementing `Display` is all it takes.
struct MessageId(i64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "outbox-{}", self.0)
    }
}
// ANCHOR_END: new_type

// ANCHOR: from_into
/// A queue name. Only `From` is implemented here...
#[derive(Debug, PartialEq)]
struct Queue(String);

impl From<&str> for Queue {
    fn from(name: &str) -> Self {
        Queue(format!("outbox.{name}"))
    }
}

/// ...yet callers may pass anything that converts `Into` a `Queue`,
/// thanks to std's `impl<T, U: From<T>> Into<U> for T`.
fn declare(queue: impl Into<Queue>) -> Queue {
    queue.into()
}
// ANCHOR_END: from_into

fn main() {
    // ANCHOR: use
    println!("{}", 42.log_line()); // i32: Display
    println!("{}", "relay started".log_line()); // str: Display
    println!("{}", MessageId(7).log_line()); // ours: Display
    let plain: String = MessageId(7).to_string(); // std's own blanket impl
    println!("{plain}");
    println!("{:?}", declare("orders"));
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_display_type_gets_a_log_line() {
        assert_eq!(1.5.log_line(), "[outbox] 1.5");
        assert_eq!('x'.log_line(), "[outbox] x");
        assert_eq!(MessageId(3).log_line(), "[outbox] outbox-3");
        // `?Sized` is what lets `str` itself (not only `&str`) implement it.
        assert_eq!(<str as LogLine>::log_line("x"), "[outbox] x");
    }

    #[test]
    fn from_gives_into() {
        assert_eq!(declare("orders"), Queue("outbox.orders".into()));
        let queue: Queue = "payments".into();
        assert_eq!(queue, Queue("outbox.payments".into()));
    }
}
