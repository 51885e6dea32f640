//! How criterion decides what a comparison with a saved baseline means
//! (lesson 15.1): the statistics behind "No change in performance
//! detected.", "Change within noise threshold." and "Performance has
//! regressed.", on samples we make up, so the example's output is the same
//! on every machine.
//!
//! Criterion keeps, for each benchmark, about a hundred *samples*: each is
//! the average time of one iteration over a run of many iterations. A
//! comparison asks two questions of the new samples and the baseline's:
//!
//! 1. Could the difference in their means be chance? A two-sample t-test,
//!    whose p-value comes from a bootstrap: the two samples are pooled and
//!    re-split at random many times, which is what "no difference" would
//!    look like.
//! 2. How large is the change, give or take? A bootstrap confidence
//!    interval of `new mean ÷ base mean − 1`.
//!
//! Only a change that passes the first test *and* whose whole interval lies
//! beyond the noise threshold is reported as a regression or an improvement.

use std::fmt;

// ANCHOR: settings
/// The knobs of a comparison, with criterion's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// A p-value under this says "the means differ" (criterion: 0.05).
    pub significance_level: f64,
    /// Changes smaller than this share are noise (criterion: 0.01, 1%).
    pub noise_threshold: f64,
    /// The confidence interval's coverage (criterion: 0.95).
    pub confidence_level: f64,
    /// Bootstrap resamples (criterion: 100 000; fewer here, to run fast
    /// in a debug build).
    pub resamples: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            significance_level: 0.05,
            noise_threshold: 0.01,
            confidence_level: 0.95,
            resamples: 10_000,
        }
    }
}
// ANCHOR_END: settings

/// What criterion prints under a benchmark compared with its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    NoChange,
    WithinNoise,
    Improved,
    Regressed,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::NoChange => "No change in performance detected.",
            Verdict::WithinNoise => "Change within noise threshold.",
            Verdict::Improved => "Performance has improved.",
            Verdict::Regressed => "Performance has regressed.",
        })
    }
}

/// A relative change in the mean: the estimate and its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub lower: f64,
    pub estimate: f64,
    pub upper: f64,
}

impl fmt::Display for Change {
    /// As criterion prints it: `[-0.51% +0.02% +0.55%]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| format!("{:+.2}%", x * 100.0);
        write!(
            f,
            "[{} {} {}]",
            pct(self.lower),
            pct(self.estimate),
            pct(self.upper)
        )
    }
}

/// The outcome of comparing new samples with a baseline's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub change: Change,
    pub p_value: f64,
    pub verdict: Verdict,
}

// ANCHOR: decide
/// Criterion's rule: a p-value at or over the significance level means "no
/// change"; otherwise the change counts only if its whole confidence
/// interval lies beyond the noise threshold, on one side.
pub fn decide(change: Change, p_value: f64, settings: &Settings) -> Verdict {
    let noise = settings.noise_threshold;
    if p_value >= settings.significance_level {
        Verdict::NoChange
    } else if change.lower > noise && change.upper > noise {
        Verdict::Regressed
    } else if change.lower < -noise && change.upper < -noise {
        Verdict::Improved
    } else {
        Verdict::WithinNoise
    }
}
// ANCHOR_END: decide

// ANCHOR: compare
/// Compares `new` samples (per-iteration times) with the `base`line's.
pub fn compare(base: &[f64], new: &[f64], settings: &Settings, rng: &mut SplitMix) -> Comparison {
    // 1. The t statistic, and how often a random re-split of the pooled
    //    samples gives one at least as far from zero: the p-value.
    let t = welch_t(new, base);
    let pooled: Vec<f64> = base.iter().chain(new).copied().collect();
    let (mut a, mut b) = (vec![0.0; new.len()], vec![0.0; base.len()]);
    let mut below = 0;
    for _ in 0..settings.resamples {
        rng.resample(&pooled, &mut a);
        rng.resample(&pooled, &mut b);
        if welch_t(&a, &b) < t {
            below += 1;
        }
    }
    let n = settings.resamples;
    let p_value = 2.0 * below.min(n - below) as f64 / n as f64;

    // 2. The relative change in the mean, resampling each side on its own.
    let mut changes = Vec::with_capacity(settings.resamples);
    let (mut a, mut b) = (vec![0.0; new.len()], vec![0.0; base.len()]);
    for _ in 0..settings.resamples {
        rng.resample(new, &mut a);
        rng.resample(base, &mut b);
        changes.push(mean(&a) / mean(&b) - 1.0);
    }
    changes.sort_by(f64::total_cmp);
    let tail = (1.0 - settings.confidence_level) / 2.0;
    let at = |share: f64| changes[((changes.len() - 1) as f64 * share).round() as usize];
    let change = Change {
        lower: at(tail),
        estimate: mean(new) / mean(base) - 1.0,
        upper: at(1.0 - tail),
    };
    Comparison {
        change,
        p_value,
        verdict: decide(change, p_value, settings),
    }
}
// ANCHOR_END: compare

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Welch's t statistic, as criterion computes it.
fn welch_t(x: &[f64], y: &[f64]) -> f64 {
    let variance = |xs: &[f64], m: f64| {
        xs.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (xs.len() - 1) as f64
    };
    let (mx, my) = (mean(x), mean(y));
    let (vx, vy) = (variance(x, mx), variance(y, my));
    (mx - my) / (vx / x.len() as f64 + vy / y.len() as f64).sqrt()
}

/// A small seeded random number generator (SplitMix64): the same seed
/// gives the same samples and the same bootstrap on every machine.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fills `out` with values drawn from `from`, with replacement.
    fn resample(&mut self, from: &[f64], out: &mut [f64]) {
        for slot in out {
            *slot = from[(self.next_u64() % from.len() as u64) as usize];
        }
    }
}

// ANCHOR: samples
/// `count` made-up samples of a benchmark whose iteration takes `mean_ns`:
/// each sample is off by a bell-shaped ±`spread` share, and one in fifty is
/// slowed by a tenth (another process took the core for a moment), the
/// long right tail real timings have.
pub fn samples(rng: &mut SplitMix, count: usize, mean_ns: f64, spread: f64) -> Vec<f64> {
    (0..count)
        .map(|_| {
            // The sum of four uniforms is close to a bell curve, with no
            // logarithms (whose last digit may differ between platforms).
            let bell = (0..4).map(|_| rng.unit()).sum::<f64>() - 2.0;
            let outlier = if rng.unit() < 0.02 { 1.1 } else { 1.0 };
            mean_ns * (1.0 + spread * bell) * outlier
        })
        .collect()
}
// ANCHOR_END: samples

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Settings = Settings {
        significance_level: 0.05,
        noise_threshold: 0.01,
        confidence_level: 0.95,
        resamples: 2_000,
    };

    fn change(lower: f64, upper: f64) -> Change {
        Change {
            lower,
            estimate: (lower + upper) / 2.0,
            upper,
        }
    }

    #[test]
    fn the_rule_is_criterions() {
        let s = Settings::default();
        assert_eq!(decide(change(0.02, 0.04), 0.30, &s), Verdict::NoChange);
        assert_eq!(decide(change(0.02, 0.04), 0.01, &s), Verdict::Regressed);
        assert_eq!(decide(change(-0.04, -0.02), 0.01, &s), Verdict::Improved);
        // Significant, but the interval reaches into the ±1% band.
        assert_eq!(decide(change(0.005, 0.03), 0.01, &s), Verdict::WithinNoise);
        assert_eq!(decide(change(0.002, 0.008), 0.01, &s), Verdict::WithinNoise);
    }

    #[test]
    fn a_large_slowdown_is_a_regression_and_identical_code_is_not() {
        let mut rng = SplitMix::new(7);
        let base = samples(&mut rng, 100, 500.0, 0.02);
        let slower = samples(&mut rng, 100, 515.0, 0.02);
        let same = samples(&mut rng, 100, 500.0, 0.02);
        let regressed = compare(&base, &slower, &FAST, &mut rng);
        assert_eq!(regressed.verdict, Verdict::Regressed);
        assert!(regressed.change.lower > 0.01 && regressed.change.upper < 0.05);
        let rerun = compare(&base, &same, &FAST, &mut rng);
        assert_ne!(rerun.verdict, Verdict::Regressed);
        assert_ne!(rerun.verdict, Verdict::Improved);
    }

    #[test]
    fn the_generator_is_repeatable() {
        let (mut a, mut b) = (SplitMix::new(42), SplitMix::new(42));
        assert_eq!(a.next_u64(), b.next_u64());
        assert!((0..1000).map(|_| a.unit()).all(|u| (0.0..1.0).contains(&u)));
    }
}
