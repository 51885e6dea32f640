// Fails with E0283: a trait with a type *parameter* may be implemented many
// times for one type, so a call that does not say which `T` it wants has
// more than one candidate, and the compiler will not guess.
trait Source<T> {
    fn next_item(&mut self) -> Option<T>;
}

struct Ids {
    next: i64,
}

impl Source<i64> for Ids {
    fn next_item(&mut self) -> Option<i64> {
        self.next += 1;
        Some(self.next)
    }
}

impl Source<String> for Ids {
    fn next_item(&mut self) -> Option<String> {
        self.next += 1;
        Some(format!("outbox-{}", self.next))
    }
}

fn main() {
    let mut ids = Ids { next: 0 };
    let first = ids.next_item();
    println!("{first:?}");
}
