// A `&mut self` method needs a mutable binding.
struct Lease {
    expires_at: u64,
    renewals: u32,
}

impl Lease {
    fn renew(&mut self, now: u64, ttl: u64) {
        self.expires_at = now + ttl;
        self.renewals += 1;
    }
}

fn main() {
    let lease = Lease {
        expires_at: 30_000,
        renewals: 0,
    };
    lease.renew(25_000, 30_000);
    println!("renewed {} time(s)", lease.renewals);
}
