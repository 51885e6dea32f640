// `new` has no `self` parameter, so it is not a method: call it on the type.
#[derive(Debug)]
struct Lease {
    holder: String,
    expires_at: u64,
}

impl Lease {
    fn new(holder: &str, expires_at: u64) -> Self {
        Self {
            holder: holder.to_string(),
            expires_at,
        }
    }
}

fn main() {
    let first = Lease::new("relay-1", 30_000);
    let second = first.new("relay-2", 60_000);
    println!("{first:?} {second:?}");
}
