// A benchmark the optimiser empties (lesson 15.1; its figure is
// `figures/optimised_away.md`): the lease deadline of every message in a
// batch, `UnixMillis::after`, which the store computes for each claim and
// the state machine for each retry. Once with the results dropped, once
// with its inputs and results behind `black_box`.
//
// Run with `cargo bench -p m15-performance --bench optimised_away`.

// ANCHOR: bench
use criterion::{Criterion, criterion_group, criterion_main};
use m15_performance::bench_inputs::claimed_batch;
use std::hint::black_box;
use std::time::Duration;

const LEASE: Duration = Duration::from_secs(60);

fn lease_deadline(c: &mut Criterion) {
    let batch = claimed_batch(500, 100, 512);
    let mut group = c.benchmark_group("lease_deadline");

    // Wrong: the closure returns `()`, and `after` is small enough to be
    // inlined here, so the compiler sees a loop whose results nobody reads,
    // with no side effects. It deletes the loop.
    group.bench_function("results_dropped", |b| {
        b.iter(|| {
            for m in &batch {
                m.created_at.after(LEASE);
            }
        })
    });

    // Right: the lease is opaque (nothing is precomputed from a constant)
    // and every deadline is handed to `black_box` (nothing is deleted).
    group.bench_function("black_boxed", |b| {
        b.iter(|| {
            for m in &batch {
                black_box(m.created_at.after(black_box(LEASE)));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = lease_deadline
}
criterion_main!(benches);
// ANCHOR_END: bench
