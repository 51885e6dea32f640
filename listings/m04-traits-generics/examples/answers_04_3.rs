//! Answers to the exercises of lesson 04.3.
//!
//! Run with `cargo run -p m04-traits-generics --example answers_04_3`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
struct Attempted<T> {
    attempt: u32,
    value: T,
}

impl<T: fmt::Display> fmt::Display for Attempted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "attempt {}: {}", self.attempt, self.value)
    }
}

// ANCHOR: answer5
/// `to_string` comes from `Display`, and `Attempted<T>` is `Display` only
/// when `T` is, so `T: Display` is the bound `render_all` needs.
fn render_all<T: fmt::Display>(items: &[Attempted<T>]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}
// ANCHOR_END: answer5

fn main() {
    let items = [
        Attempted {
            attempt: 1,
            value: "OrderPlaced",
        },
        Attempted {
            attempt: 2,
            value: "OrderShipped",
        },
    ];
    for line in render_all(&items) {
        println!("5. {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer5_renders_each_attempt() {
        let items = [Attempted {
            attempt: 3,
            value: 1041,
        }];
        assert_eq!(render_all(&items), ["attempt 3: 1041"]);
    }
}
