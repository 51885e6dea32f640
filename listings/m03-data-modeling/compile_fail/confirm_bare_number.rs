// A bare number is not a `MessageId` either: no implicit conversion.
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct MessageId(i64);

#[derive(Debug, Default)]
struct SentLog {
    confirmed: BTreeSet<MessageId>,
}

impl SentLog {
    fn confirm(&mut self, id: MessageId) -> bool {
        self.confirmed.insert(id)
    }
}

fn main() {
    let mut log = SentLog::default();
    log.confirm(42);
    println!("{:?}", log.confirmed);
}
