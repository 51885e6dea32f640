// Fails with E0506: `handle.sent` is assigned while `inner`, a reborrow of
// `handle`, is still in use on the next line (Try it 2 of lesson 02.4).
#[derive(Debug)]
struct OutboxMessage {
    attempts: u32,
    sent: bool,
}

fn main() {
    let mut message = OutboxMessage {
        attempts: 2,
        sent: true,
    };
    let handle = &mut message;
    let inner = &mut *handle; // an explicit reborrow through `handle`
    handle.sent = false;
    inner.attempts = 0;
    println!("{message:?}");
}
