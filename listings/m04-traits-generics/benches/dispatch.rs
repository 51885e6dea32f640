//! Static vs dynamic dispatch, measured (lesson 04.5).
//!
//! The same loop runs twice: once through a generic (`total_static`, one
//! copy per type, the call inlined) and once through `&dyn Weigh`
//! (`total_dynamic`, one copy, an indirect call per item).
//!
//! Run with `cargo bench -p m04-traits-generics --bench dispatch`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

// ANCHOR: kernel
/// A small per-item computation: the kind of call where inlining decides
/// the speed of the whole loop.
trait Weigh {
    fn weigh(&self, payload_bytes: u32) -> u64;
}

/// What a message costs to relay: a fixed overhead plus one unit per KiB.
struct Cost {
    overhead: u64,
}

impl Weigh for Cost {
    fn weigh(&self, payload_bytes: u32) -> u64 {
        self.overhead + u64::from(payload_bytes / 1024)
    }
}

/// Static dispatch: compiled once per `W`, with `weigh` inlined into the loop.
fn total_static<W: Weigh>(weigher: &W, sizes: &[u32]) -> u64 {
    sizes.iter().map(|&size| weigher.weigh(size)).sum()
}

/// Dynamic dispatch: compiled once; every item is a call through the vtable.
fn total_dynamic(weigher: &dyn Weigh, sizes: &[u32]) -> u64 {
    sizes.iter().map(|&size| weigher.weigh(size)).sum()
}
// ANCHOR_END: kernel

// ANCHOR: bench
fn dispatch(c: &mut Criterion) {
    let sizes: Vec<u32> = (0..1000).map(|i| (i * 7919) % 65_536).collect();
    let cost = Cost { overhead: 3 };
    assert_eq!(total_static(&cost, &sizes), total_dynamic(&cost, &sizes));

    let mut group = c.benchmark_group("dispatch");
    group.bench_function("static", |b| {
        b.iter(|| total_static(black_box(&cost), black_box(&sizes)))
    });
    group.bench_function("dynamic", |b| {
        // `black_box` hides which type is behind the `&dyn`, so the
        // optimiser cannot turn the virtual call back into a direct one.
        let weigher: &dyn Weigh = &cost;
        b.iter(|| total_dynamic(black_box(weigher), black_box(&sizes)))
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
// ANCHOR_END: bench
