//! A reference to a `static mut`: refused by default in edition 2024.

static mut RELAYED: Vec<u64> = Vec::new();

fn main() {
    // SAFETY: one thread, and nothing else touches RELAYED meanwhile. The
    // reasoning is right; the reference that `push` takes is still refused.
    unsafe { RELAYED.push(42) };
}
