// The Lease is inside the Option: its methods are not the Option's methods.
struct Lease {
    expires_at: u64,
}

impl Lease {
    fn is_live(&self, now: u64) -> bool {
        now < self.expires_at
    }
}

fn current_lease(claimed: bool) -> Option<Lease> {
    if claimed {
        Some(Lease { expires_at: 30_000 })
    } else {
        None
    }
}

fn main() {
    let lease = current_lease(true);
    println!("live: {}", lease.is_live(10_000));
}
