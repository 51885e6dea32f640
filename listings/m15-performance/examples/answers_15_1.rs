//! Answers to the exercises of lesson 15.1.
//!
//! Run with `cargo run -p m15-performance --example answers_15_1`; the tests
//! (`cargo test -p m15-performance --example answers_15_1`) check each one.
//! `cargo run --release -p m15-performance --example answers_15_1 -- measure`
//! measures exercise 1's benchmark group.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use m15_performance::bench_inputs::{claimed_batch, clone_into_lanes};
use m15_performance::verdict::{Settings, SplitMix, Verdict, compare, samples};
use outbox_core::{OutboxMessage, partition};
use std::hint::black_box;

// ANCHOR: answer1
/// Exercise 1: the lane split over 1, 4 and 16 lanes. The parameter is a
/// number, so criterion's report draws time against lanes, one line per
/// function.
fn lane_split_by_lanes(c: &mut Criterion) {
    let batch = claimed_batch(500, 100, 512);
    let mut group = c.benchmark_group("lane_split_by_lanes");
    group.throughput(Throughput::Elements(batch.len() as u64));
    for lanes in [1, 4, 16] {
        group.bench_with_input(
            BenchmarkId::new("clone_into_lanes", lanes),
            &lanes,
            |b, &lanes| b.iter(|| clone_into_lanes(black_box(&batch), lanes)),
        );
        group.bench_with_input(BenchmarkId::new("partition", lanes), &lanes, |b, &lanes| {
            b.iter_batched(
                || batch.clone(),
                |batch| partition(batch, lanes),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// Exercise 2: whether a message's payload stayed where it was on the heap
/// when the batch was split into lanes, or was copied somewhere else.
fn payload_stays_put(split: impl FnOnce(Vec<OutboxMessage>) -> Vec<Vec<OutboxMessage>>) -> bool {
    let batch = claimed_batch(8, 4, 4096);
    let before = batch[0].payload.as_ptr();
    let lanes = split(batch);
    lanes
        .iter()
        .flatten()
        .any(|m| m.id.0 == 1 && m.payload.as_ptr() == before)
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// Exercise 3: the "4% slower" run of `criterion_verdict`, judged with the
/// default noise threshold (1%) and with `--noise-threshold 0.05`.
fn four_percent_slower(noise_threshold: f64) -> Verdict {
    let settings = Settings {
        noise_threshold,
        ..Settings::default()
    };
    // The same seed and the same draws as the example, up to that run.
    let mut rng = SplitMix::new(1);
    let base = samples(&mut rng, 100, 500.0, 0.01);
    for slower_by in [0.0, 0.005] {
        let new = samples(&mut rng, 100, 500.0 * (1.0 + slower_by), 0.01);
        compare(&base, &new, &settings, &mut rng);
    }
    let new = samples(&mut rng, 100, 500.0 * 1.04, 0.01);
    compare(&base, &new, &settings, &mut rng).verdict
}
// ANCHOR_END: answer3

fn main() {
    // `-- measure` runs exercise 1's benchmark with criterion's defaults
    // (use `--release`); without it, the answers print what they found.
    if std::env::args().nth(1).as_deref() == Some("measure") {
        let mut c = Criterion::default();
        lane_split_by_lanes(&mut c);
        c.final_summary();
        return;
    }
    println!(
        "1. lane_split_by_lanes measures 2 functions × 3 lane counts: run it with `-- measure`"
    );
    println!(
        "2. the payload stays at its address: partition {}, clone_into_lanes {}",
        payload_stays_put(|batch| partition(batch, 4)),
        payload_stays_put(|batch| clone_into_lanes(&batch, 4))
    );
    for threshold in [0.01, 0.05] {
        println!(
            "3. 4% slower, noise threshold {:.0}%: {}",
            threshold * 100.0,
            four_percent_slower(threshold)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_parameterised_group_runs() {
        // A very short run: enough to prove every benchmark in the group
        // runs, not to measure anything.
        let mut c = Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_millis(20))
            .nresamples(1_000)
            .without_plots();
        lane_split_by_lanes(&mut c);
    }

    #[test]
    fn partition_moves_payloads_and_the_first_version_copies_them() {
        assert!(payload_stays_put(|batch| partition(batch, 4)));
        assert!(!payload_stays_put(|batch| clone_into_lanes(&batch, 4)));
    }

    #[test]
    fn a_wider_noise_threshold_hides_a_four_percent_regression() {
        assert_eq!(four_percent_slower(0.01), Verdict::Regressed);
        assert_eq!(four_percent_slower(0.05), Verdict::WithinNoise);
    }
}
