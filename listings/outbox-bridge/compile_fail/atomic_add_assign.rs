// Atomics have no `+=`: the operation has to say which memory ordering it uses.
use std::sync::atomic::AtomicU64;

struct Metrics {
    published: AtomicU64,
}

fn main() {
    let metrics = Metrics {
        published: AtomicU64::new(0),
    };
    metrics.published += 1;
}
