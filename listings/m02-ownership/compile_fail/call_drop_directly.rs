// Fails with E0040: `Drop::drop` is called by the compiler, never by you.
struct Lease {
    batch_id: u32,
}

impl Drop for Lease {
    fn drop(&mut self) {
        println!("released batch {}", self.batch_id);
    }
}

fn main() {
    let lease = Lease { batch_id: 7 };
    lease.drop();
}
