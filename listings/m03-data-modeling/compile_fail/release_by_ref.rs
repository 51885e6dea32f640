// With `&self`, the method only borrows the lease: it cannot move a field out.
#[derive(Debug)]
struct Lease {
    holder: String,
    renewals: u32,
}

#[derive(Debug)]
struct Released {
    holder: String,
    renewals: u32,
}

impl Lease {
    fn release(&self) -> Released {
        Released {
            holder: self.holder,
            renewals: self.renewals,
        }
    }
}

fn main() {
    let lease = Lease {
        holder: "relay-1".to_string(),
        renewals: 0,
    };
    println!("{:?}", lease.release());
}
