//! What the estimators share: the random stream of a design or a bootstrap, percentile
//! intervals, and the SALib-style half-width of an interval.

use crate::rng::Stream;
use rand::SeedableRng;

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

/// Confidence level of every interval.
pub const CONFIDENCE: f64 = 0.95;

/// The percentile interval of bootstrap estimates (sorted in place): the 2.5% and 97.5%
/// quantiles, linearly interpolated between order statistics (NumPy's default). NaN when
/// there are none.
pub fn percentile_interval(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    (quantile(values, tail), quantile(values, 1.0 - tail))
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
    crate::experiment::stats::estimators::z_critical() * var.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_like_numpy() {
        // numpy.percentile(range(11), [2.5, 97.5]) = [0.25, 9.75]
        let mut v: Vec<f64> = (0..=10).rev().map(f64::from).collect();
        let (low, high) = percentile_interval(&mut v);
        assert!(
            (low - 0.25).abs() < 1e-12 && (high - 9.75).abs() < 1e-12,
            "{low} {high}"
        );
        assert!(percentile_interval(&mut []).0.is_nan());
    }

    #[test]
    fn the_half_width_is_z_times_the_sd() {
        // sd of [1, 2, 3] is 1.
        assert_eq!(normal_half_width(&[1.0, 2.0, 3.0]), 1.959963985);
        assert!(normal_half_width(&[1.0]).is_nan());
    }
}
