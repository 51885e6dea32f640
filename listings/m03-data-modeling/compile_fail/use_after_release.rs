// `release(self)` consumes the lease: nothing may read it afterwards.
#[derive(Debug)]
struct Lease {
    holder: String,
    expires_at: u64,
}

#[derive(Debug)]
struct Released {
    holder: String,
}

impl Lease {
    fn is_live(&self, now: u64) -> bool {
        now < self.expires_at
    }

    fn release(self) -> Released {
        Released {
            holder: self.holder,
        }
    }
}

fn main() {
    let lease = Lease {
        holder: "relay-1".to_string(),
        expires_at: 30_000,
    };
    let released = lease.release();
    println!("{released:?}");
    println!("{}", lease.is_live(0));
}
