// The outbox bridge's CPU work per batch, measured with criterion
// (lesson 15.1): settling a published batch, encoding each message for its
// broker, and writing the stdout sink's JSON lines.
//
// Run with `cargo bench -p m15-performance --bench relay_hot_paths`, or one
// group: `cargo bench -p m15-performance --bench relay_hot_paths -- settle`.

// ANCHOR: imports
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use m15_performance::bench_inputs::{TRACEPARENT, broker_answers, claimed_batch};
use outbox_core::{RetryPolicy, UnixMillis, settle};
use outbox_relay::publishers::stdout::json_line;
use outbox_relay::publishers::{nats, rabbitmq};
use std::hint::black_box;
use std::time::Duration;
// ANCHOR_END: imports

// ANCHOR: settle
/// Sorting a published batch's answers into sent, failed and released, and
/// turning them into the store's updates: what the relay does after every
/// batch, for the default batch size and for a smaller and a larger one.
fn settle_batches(c: &mut Criterion) {
    let policy = RetryPolicy::default();
    let mut group = c.benchmark_group("settle");
    // The largest batch is slow enough that 100 samples may not fit in the
    // measurement time (criterion then warns and takes longer): 50 do.
    group.sample_size(50);
    for size in [100, 500, 3000] {
        let batch = claimed_batch(size, size / 5, 256);
        let answers = broker_answers(size, 50);
        // Per message, so the three sizes can be compared in messages/s.
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &batch, |b, batch| {
            b.iter_batched(
                // `settle` consumes the answers: a fresh copy per iteration,
                // made outside the timed part.
                || answers.clone(),
                |answers| {
                    settle(batch, answers).into_updates(batch, &policy, UnixMillis(0), || 0.5)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}
// ANCHOR_END: settle

// ANCHOR: headers
/// What each publisher adds to a message besides its payload, with and
/// without the CloudEvents attributes: two functions × two parameters.
fn publish_headers(c: &mut Criterion) {
    let message = &claimed_batch(1, 1, 512)[0];
    let mut group = c.benchmark_group("publish_headers");
    for (mode, source) in [("plain", None), ("cloudevents", Some("/orders"))] {
        group.bench_with_input(BenchmarkId::new("rabbitmq", mode), &source, |b, source| {
            b.iter(|| rabbitmq::properties(black_box(message), Some(TRACEPARENT), *source))
        });
        group.bench_with_input(BenchmarkId::new("nats", mode), &source, |b, source| {
            b.iter(|| nats::headers(black_box(message), Some(TRACEPARENT), *source))
        });
    }
    group.finish();
}
// ANCHOR_END: headers

// ANCHOR: json_line
/// The stdout sink parses each payload to embed it as JSON: its cost grows
/// with the payload, so the throughput that matters is bytes per second.
fn json_lines(c: &mut Criterion) {
    let mut group = c.benchmark_group("json_line");
    for payload in [256, 4 * 1024, 64 * 1024] {
        let message = &claimed_batch(1, 1, payload)[0];
        group.throughput(Throughput::Bytes(payload as u64));
        group.bench_with_input(BenchmarkId::from_parameter(payload), message, |b, m| {
            b.iter(|| json_line(black_box(m)))
        });
    }
    group.finish();
}
// ANCHOR_END: json_line

// ANCHOR: main
criterion_group! {
    name = benches;
    // Shorter than criterion's defaults (3 s warm-up, 5 s of samples). The
    // command line's `--warm-up-time`, `--measurement-time` and
    // `--sample-size` win over these; a group's own settings (`sample_size`
    // in `settle`) win over both.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    targets = settle_batches, publish_headers, json_lines
}
criterion_main!(benches);
// ANCHOR_END: main
