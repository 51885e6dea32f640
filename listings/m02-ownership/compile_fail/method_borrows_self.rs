// Fails with E0499: `self.count_sent()` borrows all of `self` mutably while
// the loop still holds a mutable borrow of `self.pending`.
struct Relay {
    pending: Vec<u64>,
    sent: u32,
}

impl Relay {
    fn count_sent(&mut self) {
        self.sent += 1;
    }

    fn mark_all(&mut self) {
        for id in self.pending.iter_mut() {
            *id += 1000;
            self.count_sent();
        }
    }
}

fn main() {
    let mut relay = Relay {
        pending: vec![17, 18],
        sent: 0,
    };
    relay.mark_all();
    println!("{}", relay.sent);
}
