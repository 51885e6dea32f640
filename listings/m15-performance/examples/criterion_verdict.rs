//! What criterion's verdicts mean (lesson 15.1): made-up samples of a
//! benchmark, compared with a made-up baseline by the same rule criterion
//! uses, so the output is the same on every machine.
//!
//! Run with `cargo run -p m15-performance --example criterion_verdict`.

use m15_performance::verdict::{Comparison, Settings, SplitMix, Verdict, compare, samples};

/// The baseline's iteration time, and how much its samples scatter.
const MEAN_NS: f64 = 500.0;
const SPREAD: f64 = 0.01;
/// Samples per run: criterion's default sample size.
const SAMPLES: usize = 100;

// ANCHOR: main
/// The runs compared with the baseline: a label and how much slower the
/// code became.
const RUNS: [(&str, f64); 4] = [
    ("same code, run again", 0.0),
    ("0.5% slower", 0.005),
    ("4% slower", 0.04),
    ("3% faster", -0.03),
];

/// Each run of [`RUNS`] compared with one baseline, all drawn from `seed`.
fn compare_runs(seed: u64, settings: &Settings) -> Vec<(&'static str, Comparison)> {
    let mut rng = SplitMix::new(seed);
    let base = samples(&mut rng, SAMPLES, MEAN_NS, SPREAD);
    RUNS.iter()
        .map(|&(label, slower_by)| {
            let new = samples(&mut rng, SAMPLES, MEAN_NS * (1.0 + slower_by), SPREAD);
            (label, compare(&base, &new, settings, &mut rng))
        })
        .collect()
}

/// Compares `pairs` pairs of runs of the same code; returns how many had
/// p under the significance level, and how many were reported as a
/// regression or an improvement.
fn same_code_pairs(seed: u64, pairs: usize, settings: &Settings) -> (usize, usize) {
    let mut rng = SplitMix::new(seed);
    let (mut significant, mut reported) = (0, 0);
    for _ in 0..pairs {
        let base = samples(&mut rng, SAMPLES, MEAN_NS, SPREAD);
        let new = samples(&mut rng, SAMPLES, MEAN_NS, SPREAD);
        let c = compare(&base, &new, settings, &mut rng);
        if c.p_value < settings.significance_level {
            significant += 1;
        }
        if matches!(c.verdict, Verdict::Regressed | Verdict::Improved) {
            reported += 1;
        }
    }
    (significant, reported)
}

fn main() {
    let settings = Settings::default();
    println!("{SAMPLES} samples per run; the baseline's iteration takes {MEAN_NS} ns on average.");
    println!();
    println!(
        "{:<24} {:<28} {:>6}  verdict",
        "new run", "change in mean (95% CI)", "p"
    );
    for (label, c) in compare_runs(1, &settings) {
        println!(
            "{label:<24} {:<28} {:>6.3}  {}",
            c.change.to_string(),
            c.p_value,
            c.verdict
        );
    }

    // The same code measured twice, a hundred times over: how often does
    // chance alone pass each of the two tests? (Fewer resamples: faster.)
    let quick = Settings {
        resamples: 1_000,
        ..settings
    };
    let pairs = 100;
    let (significant, reported) = same_code_pairs(2, pairs, &quick);
    println!();
    println!(
        "{pairs} pairs of runs of the same code: p < {} in {significant}, \
         regressed or improved in {reported}.",
        quick.significance_level
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_gets_the_verdict_it_illustrates() {
        let verdicts: Vec<Verdict> = compare_runs(1, &Settings::default())
            .into_iter()
            .map(|(_, c)| c.verdict)
            .collect();
        assert_eq!(
            verdicts,
            [
                Verdict::NoChange,
                Verdict::WithinNoise,
                Verdict::Regressed,
                Verdict::Improved
            ]
        );
    }

    #[test]
    fn chance_alone_passes_the_t_test_sometimes_and_the_threshold_never() {
        let quick = Settings {
            resamples: 1_000,
            ..Settings::default()
        };
        let (significant, reported) = same_code_pairs(2, 100, &quick);
        assert!((1..=12).contains(&significant), "{significant}");
        assert_eq!(reported, 0);
    }
}
