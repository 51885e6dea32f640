// `catch_unwind` wants an `UnwindSafe` closure. One that captures a `&mut`
// is not: after a panic, the borrowed value may be half-updated.
use std::panic;

#[derive(Debug, Default)]
struct Stats {
    attempted: u32,
    succeeded: u32,
}

fn main() {
    let mut stats = Stats::default();
    let outcome = panic::catch_unwind(|| {
        stats.attempted += 1;
        stats.succeeded += 1;
    });
    println!("{outcome:?} {stats:?}");
}
