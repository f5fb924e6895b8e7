//! Variance-based (Sobol') indices: Saltelli's sampling scheme with the first-order estimator
//! of Saltelli et al. (2010, "Variance based sensitivity analysis of model output. Design and
//! estimator for the total sensitivity index", Computer Physics Communications 181(2),
//! table 2 (b)) and the total-order estimator of Jansen (1999, "Analysis of variance designs
//! for model output", Computer Physics Communications 117(1-2); table 2 (f) in Saltelli 2010).
//!
//! The conventions are SALib's (`SALib.sample.sobol` without second-order indices,
//! `SALib.analyze.sobol`): `N` rows of a Sobol' sequence in `2k` dimensions give the matrices
//! `A` (first `k` columns) and `B` (last `k`); `AB_i` is `A` with column `i` from `B`. The
//! model runs at `A_j, AB_1j, ..., AB_kj, B_j` for each row `j`, `N (k + 2)` points in all.
//! With `V` the variance (n) of the `2N` outputs at `A` and `B`:
//!
//! - `S1_i = mean(f(B) (f(AB_i) - f(A))) / V`
//! - `ST_i = mean((f(A) - f(AB_i))^2) / (2 V)`
//!
//! Like SALib, the outputs are first centred on their mean and scaled to unit variance.
//!
//! Intervals come from bootstrap resamples of the `N` rows.

use super::bootstrap::{Draw, normal_half_width, percentile_interval, stream};
use super::sequence::SobolSequence;
use crate::rng::index;

/// Points per row of the design: `A`, the `k` matrices `AB_i`, `B`.
pub fn points_per_row(k: usize) -> usize {
    k + 2
}

/// The design for `k` factors and `n` rows: `n (k + 2)` points of the unit cube, row by row
/// (`A_j`, `AB_1j` .. `AB_kj`, `B_j`). `None` if `2k` exceeds the dimensions of the Sobol'
/// sequence.
pub fn sample(k: usize, n: usize) -> Option<Vec<Vec<f64>>> {
    let sequence = SobolSequence::new(2 * k)?;
    let mut points = Vec::with_capacity(n * points_per_row(k));
    for j in 0..n {
        let row = sequence.point(j as u32);
        let (a, b) = row.split_at(k);
        points.push(a.to_vec());
        for i in 0..k {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            points.push(ab);
        }
        points.push(b.to_vec());
    }
    Some(points)
}

/// Sobol' indices of one factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    /// First-order index: the share of the output's variance the factor explains alone.
    pub s1: f64,
    /// 95% bootstrap percentile interval of S1 (rows resampled).
    pub s1_interval: (f64, f64),
    /// SALib's `S1_conf`: 1.96 times the bootstrap standard deviation of S1.
    pub s1_conf: f64,
    /// Total-order index: the share of variance that involves the factor, interactions
    /// included (`ST - S1` is its share through interactions).
    pub st: f64,
    /// 95% bootstrap percentile interval of ST (rows resampled).
    pub st_interval: (f64, f64),
    /// SALib's `ST_conf`.
    pub st_conf: f64,
}

/// The estimates of every factor over the rows `rows` (with repeats, for a bootstrap):
/// `(S1, ST)` per factor. `y` is laid out as [`sample`] lays out the points.
fn estimate(y: &[f64], k: usize, rows: impl Iterator<Item = usize> + Clone) -> Vec<(f64, f64)> {
    let width = points_per_row(k);
    let a = |j: usize| y[j * width];
    let b = |j: usize| y[j * width + k + 1];
    let ab = |j: usize, i: usize| y[j * width + 1 + i];
    let n = rows.clone().count() as f64;
    let mean = rows.clone().map(|j| a(j) + b(j)).sum::<f64>() / (2.0 * n);
    let variance = rows
        .clone()
        .map(|j| (a(j) - mean).powi(2) + (b(j) - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n);
    (0..k)
        .map(|i| {
            let first = rows.clone().map(|j| b(j) * (ab(j, i) - a(j))).sum::<f64>() / n;
            let total = rows.clone().map(|j| (a(j) - ab(j, i)).powi(2)).sum::<f64>() / (2.0 * n);
            (first / variance, total / variance)
        })
        .collect()
}

/// The outputs centred on their mean and scaled to unit variance, as SALib does before it
/// estimates: the indices are ratios and do not change, but the first-order estimator's
/// variance grows with the squared mean of the output (`f(B)` multiplies a difference), so
/// centring makes it usable for outputs far from 0.
fn standardised(y: &[f64]) -> Vec<f64> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let sd = (y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    let scale = if sd > 0.0 { sd } else { 1.0 };
    y.iter().map(|v| (v - mean) / scale).collect()
}

/// Sobol' indices of every factor from the outputs at [`sample`]'s points, with intervals
/// from `resamples` bootstrap resamples of the rows drawn from `seed`'s stream
/// `stream_index`. Indices are NaN when the output does not vary.
pub fn analyse(
    y: &[f64],
    k: usize,
    resamples: usize,
    seed: u64,
    stream_index: u64,
) -> Vec<SobolIndex> {
    analyse_redrawn(y, &mut |_| y.to_vec(), k, resamples, seed, stream_index)
}

/// As [`analyse`], where each bootstrap resample draws the outputs anew with `redraw` (the
/// identity for [`analyse`]).
fn analyse_redrawn(
    y: &[f64],
    redraw: &mut dyn FnMut(&mut crate::rng::Stream) -> Vec<f64>,
    k: usize,
    resamples: usize,
    seed: u64,
    stream_index: u64,
) -> Vec<SobolIndex> {
    let n = y.len() / points_per_row(k);
    let point = estimate(&standardised(y), k, 0..n);
    let mut rng = stream(seed, Draw::Bootstrap, stream_index);
    let mut s1 = vec![Vec::with_capacity(resamples); k];
    let mut st = vec![Vec::with_capacity(resamples); k];
    let mut rows = vec![0usize; n];
    for _ in 0..resamples {
        let drawn = standardised(&redraw(&mut rng));
        for r in rows.iter_mut() {
            *r = index(&mut rng, n.max(1));
        }
        for (i, (a, b)) in estimate(&drawn, k, rows.iter().copied())
            .into_iter()
            .enumerate()
        {
            s1[i].push(a);
            st[i].push(b);
        }
    }
    point
        .into_iter()
        .zip(s1.iter_mut().zip(st.iter_mut()))
        .map(|((s1_hat, st_hat), (b1, bt))| SobolIndex {
            s1: s1_hat,
            s1_conf: normal_half_width(b1),
            s1_interval: percentile_interval(b1),
            st: st_hat,
            st_conf: normal_half_width(bt),
            st_interval: percentile_interval(bt),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testfn::{g, g_indices, ishigami, ishigami_indices};
    use super::*;

    fn indices(f: impl Fn(&[f64]) -> f64, k: usize, n: usize) -> Vec<SobolIndex> {
        let points = sample(k, n).unwrap();
        let y: Vec<f64> = points.iter().map(|x| f(x)).collect();
        analyse(&y, k, 500, 2026, 0)
    }

    #[test]
    fn the_design_is_a_then_every_ab_then_b() {
        let points = sample(2, 4).unwrap();
        assert_eq!(points.len(), 16);
        // Row 1 of the 4-dimensional sequence is (0.5, 0.5, 0.5, 0.5); row 2 is
        // (0.75, 0.25, 0.25, 0.375) in Joe and Kuo's numbering.
        let s = SobolSequence::new(4).unwrap().point(2);
        assert_eq!(points[8], vec![s[0], s[1]]);
        assert_eq!(points[9], vec![s[2], s[1]]);
        assert_eq!(points[10], vec![s[0], s[3]]);
        assert_eq!(points[11], vec![s[2], s[3]]);
    }

    /// The Ishigami function (a = 7, b = 0.1) against its analytic indices. With N = 2^13
    /// rows (81,920 evaluations) of a Sobol' sequence the estimators' errors are below 0.01
    /// (Saltelli et al. 2010, figures 1 and 2: errors of Monte Carlo estimates at this N are
    /// about 0.01, and quasi-random ones smaller), so 0.015 is a bound that a wrong estimator
    /// (e.g. Sobol' 1993's first-order formula, biased by the squared mean) does not meet.
    #[test]
    fn ishigami_indices_match_the_analytic_ones() {
        let got = indices(ishigami, 3, 1 << 13);
        let (s1, st) = ishigami_indices();
        for i in 0..3 {
            assert!(
                (got[i].s1 - s1[i]).abs() < 0.015,
                "S1_{i}: {} vs {}",
                got[i].s1,
                s1[i]
            );
            assert!(
                (got[i].st - st[i]).abs() < 0.015,
                "ST_{i}: {} vs {}",
                got[i].st,
                st[i]
            );
            // The interval covers the truth.
            assert!(got[i].st_interval.0 <= st[i] && st[i] <= got[i].st_interval.1);
            assert!(got[i].s1_interval.0 <= s1[i] && s1[i] <= got[i].s1_interval.1);
        }
    }

    /// Sobol's G function with a = (0, 1, 4.5, 9, 99, 99): important, less important and
    /// inert factors, and interactions (ST > S1).
    #[test]
    fn g_function_indices_match_the_analytic_ones() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let got = indices(|x| g(x, &a), 6, 1 << 13);
        let (s1, st) = g_indices(&a);
        for i in 0..6 {
            assert!(
                (got[i].s1 - s1[i]).abs() < 0.015,
                "S1_{i}: {} vs {}",
                got[i].s1,
                s1[i]
            );
            assert!(
                (got[i].st - st[i]).abs() < 0.015,
                "ST_{i}: {} vs {}",
                got[i].st,
                st[i]
            );
        }
        // x1 interacts with the others: 0.717 alone, 0.788 in all.
        assert!(st[0] - s1[0] > 0.05, "the design has interactions");
    }

    /// The same design and outputs give SALib's estimates: SALib 1.6.0's
    /// `sobol.sample(problem, 64, calc_second_order=False, scramble=False)` has exactly these
    /// points, and `sobol.analyze(problem, Ishigami.evaluate(X), calc_second_order=False)`
    /// these indices.
    #[test]
    fn the_estimates_are_salibs() {
        let s1 = [
            0.29279252173876275,
            0.6089431308141572,
            -0.02409980012130604,
        ];
        let st = [0.5759383396698098, 0.46052746955039076, 0.19280110990916818];
        let got = indices(ishigami, 3, 64);
        for i in 0..3 {
            assert!((got[i].s1 - s1[i]).abs() < 1e-12, "S1_{i}: {}", got[i].s1);
            assert!((got[i].st - st[i]).abs() < 1e-12, "ST_{i}: {}", got[i].st);
        }
    }

    #[test]
    fn the_same_outputs_give_the_same_bits() {
        let a = indices(ishigami, 3, 256);
        let b = indices(ishigami, 3, 256);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    /// Adding a constant to the output changes no index (the outputs are centred first; an
    /// uncentred first-order estimate of an output far from 0 is dominated by its mean).
    #[test]
    fn a_shifted_output_has_the_same_indices() {
        let points = sample(3, 512).unwrap();
        let y: Vec<f64> = points.iter().map(|x| ishigami(x)).collect();
        let shifted: Vec<f64> = y.iter().map(|v| v + 1000.0).collect();
        let (a, b) = (analyse(&y, 3, 50, 1, 0), analyse(&shifted, 3, 50, 1, 0));
        for (a, b) in a.iter().zip(&b) {
            assert!(
                (a.s1 - b.s1).abs() < 1e-9 && (a.st - b.st).abs() < 1e-9,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn a_constant_output_has_no_indices() {
        let ix = analyse(&[1.0; 8], 2, 10, 1, 0);
        assert!(ix[0].s1.is_nan() && ix[0].st.is_nan());
    }

    #[test]
    fn more_than_32_factors_are_refused() {
        assert!(sample(32, 1).is_some());
        assert!(sample(33, 1).is_none());
    }
}
