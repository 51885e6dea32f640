// A method called by its path needs its `self` argument spelled out.
struct Lease {
    expires_at: u64,
}

impl Lease {
    fn remaining(&self, now: u64) -> u64 {
        self.expires_at.saturating_sub(now)
    }
}

fn main() {
    let lease = Lease { expires_at: 30_000 };
    let left = Lease::remaining(10_000);
    println!("{left} left on a lease until {}", lease.expires_at);
}
