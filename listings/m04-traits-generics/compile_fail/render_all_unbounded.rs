// `to_string` needs `Attempted<T>: Display`, which holds only when `T: Display`.
use std::fmt;

struct Attempted<T> {
    attempt: u32,
    value: T,
}

impl<T: fmt::Display> fmt::Display for Attempted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "attempt {}: {}", self.attempt, self.value)
    }
}

fn render_all<T>(items: &[Attempted<T>]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn main() {
    let items = [Attempted {
        attempt: 1,
        value: "OrderPlaced",
    }];
    println!("{:?}", render_all(&items));
}
