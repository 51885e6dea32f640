// Fails with E0119: the blanket impl already covers every `Display` type,
// and std is free to make `Vec<u8>` one of them in a later release, so a
// second impl for `Vec<u8>` could overlap. Coherence refuses it now.
use std::fmt;

trait LogLine {
    fn log_line(&self) -> String;
}

impl<T: fmt::Display> LogLine for T {
    fn log_line(&self) -> String {
        format!("[outbox] {self}")
    }
}

impl LogLine for Vec<u8> {
    fn log_line(&self) -> String {
        format!("[outbox] {} payload bytes", self.len())
    }
}

fn main() {
    println!("{}", b"{}".to_vec().log_line());
}
