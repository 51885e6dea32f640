// Fails with E0599: the blanket impl covers only `Display` types, and
// `Lease` is not one, so it has no `log_line` method.
use std::fmt;

trait LogLine {
    fn log_line(&self) -> String;
}

impl<T: fmt::Display> LogLine for T {
    fn log_line(&self) -> String {
        format!("[outbox] {self}")
    }
}

struct Lease {
    seconds: u64,
}

fn main() {
    let lease = Lease { seconds: 30 };
    println!("{} {}", lease.seconds, lease.log_line());
}
