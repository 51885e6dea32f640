// Fails with E0119: `Iterator`'s item is an associated type, so a type has
// at most one `Iterator` impl, with one `Item`. A second impl is a conflict,
// whatever its `Item` says.
struct Ids {
    next: i64,
}

impl Iterator for Ids {
    type Item = i64;
    fn next(&mut self) -> Option<i64> {
        self.next += 1;
        Some(self.next)
    }
}

impl Iterator for Ids {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        self.next += 1;
        Some(format!("outbox-{}", self.next))
    }
}

fn main() {
    let ids = Ids { next: 0 };
    println!("{:?}", ids.take(2).collect::<Vec<_>>());
}
