// One counter per aggregate, as a static table of atomics.
use std::sync::atomic::{AtomicU64, Ordering};

static DELIVERED: [AtomicU64; 1024] = [AtomicU64::new(0); 1024];

fn main() {
    DELIVERED[7].fetch_add(1, Ordering::Relaxed);
}
