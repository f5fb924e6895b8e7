//! What the estimators share: the random stream of a design or a bootstrap, percentile
//! intervals, and the SALib-style half-width of an interval.

use crate::rng::Stream;
use rand::SeedableRng;
use statrs::distribution::{ContinuousCDF, Normal};

/// What a stream of the sensitivity analysis is for; kept apart from the processes' own
/// streams (`crate::rng::Purpose`) by a tag of its own in the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Draw {
    /// Morris trajectories (starting points, directions, orders).
    Trajectories = 1,
    /// Bootstrap resamples of one output (index = output).
    Bootstrap = 2,
}

/// Marks the key of every stream drawn here ("SENSITIV" in ASCII), so that no stream of the
/// analysis equals a process's stream.
const TAG: u64 = 0x5345_4e53_4954_4956;

/// The stream for a seed, a purpose and an index.
pub fn stream(seed: u64, draw: Draw, index: u64) -> Stream {
    let mut key = [0u8; 32];
    key[0..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&TAG.to_le_bytes());
    key[16..24].copy_from_slice(&(draw as u64).to_le_bytes());
    key[24..32].copy_from_slice(&index.to_le_bytes());
    Stream::from_seed(key)
}

/// The bias-corrected percentile interval of bootstrap estimates around `estimate` (Efron
/// 1987, "Better bootstrap confidence intervals", JASA 82(397); Efron & Tibshirani 1993,
/// section 14.3, without the acceleration term). `values` are sorted in place.
///
/// A plain percentile interval assumes the bootstrap estimates centre on the estimate. An
/// index estimated from noisy outputs is biased upwards (ST and mu* add up squares or absolute
/// values), and resampling the replications adds noise of its own, so the bootstrap estimates
/// lie above the estimate and a plain interval can miss it altogether. The correction measures
/// that shift as `z0 = Phi^-1(share of bootstrap estimates below the estimate)` and takes the
/// quantiles at `Phi(2 z0 -/+ 1.96)` instead of 2.5% and 97.5%; with no shift it is the plain
/// percentile interval. NaN when there are no bootstrap estimates.
pub fn bias_corrected_interval(values: &mut [f64], estimate: f64) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 || !estimate.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    // Ties count half, so that a constant bootstrap gives no correction.
    let below = values.iter().filter(|&&v| v < estimate).count() as f64;
    let ties = values.iter().filter(|&&v| v == estimate).count() as f64;
    let share = ((below + ties / 2.0) / n as f64).clamp(0.5 / n as f64, 1.0 - 0.5 / n as f64);
    let normal = Normal::new(0.0, 1.0).expect("the standard normal");
    let z0 = normal.inverse_cdf(share);
    let z = crate::experiment::stats::z_critical();
    // Levels rounded to 10 significant digits, so that the interval is the same on every
    // platform (as the statistics' quantiles are).
    let level = |x: f64| round_sig(normal.cdf(x), 10);
    (
        quantile(values, level(2.0 * z0 - z)),
        quantile(values, level(2.0 * z0 + z)),
    )
}

fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = q * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (pos - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// SALib's `_conf` columns: the normal quantile times the standard deviation (n - 1) of the
/// bootstrap estimates, a half-width around the estimate.
pub fn normal_half_width(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 2 {
        return f64::NAN;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
    crate::experiment::stats::z_critical() * var.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_bias_the_interval_is_the_plain_percentiles() {
        // numpy.percentile(range(11), [2.5, 97.5]) = [0.25, 9.75], around the median 5.
        let mut v: Vec<f64> = (0..=10).rev().map(f64::from).collect();
        let (low, high) = bias_corrected_interval(&mut v, 5.0);
        assert!(
            (low - 0.25).abs() < 1e-9 && (high - 9.75).abs() < 1e-9,
            "{low} {high}"
        );
        assert!(bias_corrected_interval(&mut [], 1.0).0.is_nan());
    }

    /// Bootstrap estimates that all lie above the estimate move the interval down to the
    /// lowest of them; a constant bootstrap gives that constant.
    #[test]
    fn a_biased_bootstrap_is_corrected() {
        let mut v: Vec<f64> = (1..=100).map(|i| 1.0 + f64::from(i) / 100.0).collect();
        let plain = {
            let mut w = v.clone();
            bias_corrected_interval(&mut w, 1.505)
        };
        let (low, high) = bias_corrected_interval(&mut v, 0.9);
        assert!(low < plain.0 && high < plain.1, "{low} {high} vs {plain:?}");
        assert!((low - 1.01).abs() < 1e-12, "{low}");
        assert_eq!(bias_corrected_interval(&mut [2.0; 10], 2.0), (2.0, 2.0));
    }

    #[test]
    fn the_half_width_is_z_times_the_sd() {
        // sd of [1, 2, 3] is 1.
        assert_eq!(normal_half_width(&[1.0, 2.0, 3.0]), 1.959963985);
        assert!(normal_half_width(&[1.0]).is_nan());
    }
}
