// Splitting a claimed batch into lanes: copying the messages, as a first
// version would, against the bridge's `partition`, which moves them
// (lesson 15.1; its figure is `figures/lane_split.md`).
//
// Run with `cargo bench -p m15-performance --bench lane_split`.

// ANCHOR: bench
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use m15_performance::bench_inputs::{claimed_batch, clone_into_lanes};
use outbox_core::partition;
use std::hint::black_box;
use std::time::Duration;

/// The relay's defaults: batches of 500 messages, 4 lanes.
const BATCH: usize = 500;
const LANES: usize = 4;

fn lane_split(c: &mut Criterion) {
    let batch = claimed_batch(BATCH, 100, 512);
    let mut group = c.benchmark_group("lane_split");
    group.throughput(Throughput::Elements(BATCH as u64));

    // Borrows the batch, so one batch serves every iteration.
    group.bench_function("clone_into_lanes", |b| {
        b.iter(|| clone_into_lanes(black_box(&batch), black_box(LANES)))
    });

    // Consumes the batch, so each iteration needs its own: `iter_batched`
    // makes the copies in its setup, outside the timed part.
    group.bench_function("partition", |b| {
        b.iter_batched(
            || batch.clone(),
            |batch| partition(batch, black_box(LANES)),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Shorter than criterion's defaults (3 s warm-up, 5 s of samples);
    // `--warm-up-time` and `--measurement-time` on the command line win.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = lane_split
}
criterion_main!(benches);
// ANCHOR_END: bench
