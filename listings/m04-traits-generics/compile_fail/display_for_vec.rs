// `Display` (std) for `Vec<OutboxMessage>`: `Vec` is std's too, and a local
// element type does not make the `Vec` local.
use std::fmt;

#[derive(Debug)]
struct OutboxMessage {
    id: i64,
}

impl fmt::Display for Vec<OutboxMessage> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} message(s)", self.len())
    }
}

fn main() {
    let batch = vec![OutboxMessage { id: 1 }];
    println!("{batch} {:?}", batch[0].id);
}
