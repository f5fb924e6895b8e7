//! Morris's elementary effects screening (Morris 1991, "Factorial sampling plans for
//! preliminary computational experiments", Technometrics 33(2)), with Campolongo, Cariboni &
//! Saltelli's mu* (2007, "An effective screening design for sensitivity analysis of large
//! models", Environmental Modelling & Software 22(10)).
//!
//! The conventions are SALib's (`SALib.sample.morris`, `SALib.analyze.morris`): `p` levels
//! on the unit interval, a step of `delta = p / (2 (p - 1))`, `r` trajectories of `k + 1`
//! points that each move every factor once, elementary effects measured in the unit cube
//! (`(y(x + delta e_i) - y(x)) / delta`, so that factors with different ranges compare), mu
//! and mu* as means of the effects and of their absolute values, sigma as their standard
//! deviation (n - 1).

use super::bootstrap::{Draw, normal_half_width, percentile_interval, stream};
use crate::rng::{index, unit};

/// The step between the two points of an elementary effect, in the unit cube.
pub fn delta(levels: u32) -> f64 {
    f64::from(levels) / (2.0 * f64::from(levels - 1))
}

/// `trajectories` Morris trajectories of `k` factors on a grid of `levels` levels (even, at
/// least 2): `trajectories * (k + 1)` points of the unit cube, trajectory by trajectory.
///
/// Each trajectory starts at a random grid point `x*` with every coordinate at most
/// `1 - delta`, draws a direction for each factor and an order, and moves one factor per step
/// by `delta`: up from `x*` if its direction is up, down to `x*` from `x* + delta` if it is
/// down (Morris 1991, the matrix `B* = (J x* + (delta/2)((2B - J) D* + J)) P*`).
pub fn trajectories(k: usize, trajectories: usize, levels: u32, seed: u64) -> Vec<Vec<f64>> {
    let d = delta(levels);
    let steps = f64::from(levels - 1);
    // Starting levels 0 .. p/2 - 1: x* + delta stays within [0, 1].
    let starts = (levels / 2) as usize;
    let mut points = Vec::with_capacity(trajectories * (k + 1));
    for t in 0..trajectories {
        let mut rng = stream(seed, Draw::Trajectories, t as u64);
        let base: Vec<f64> = (0..k)
            .map(|_| index(&mut rng, starts) as f64 / steps)
            .collect();
        let up: Vec<bool> = (0..k).map(|_| unit(&mut rng) < 0.5).collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            order.swap(i, index(&mut rng, i + 1));
        }
        let mut x: Vec<f64> = (0..k)
            .map(|i| if up[i] { base[i] } else { base[i] + d })
            .collect();
        points.push(x.clone());
        for &i in &order {
            x[i] = if up[i] { base[i] + d } else { base[i] };
            points.push(x.clone());
        }
    }
    points
}

/// Morris indices of one factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    /// Mean elementary effect: its sign says which way the factor moves the output, but
    /// effects of opposite signs cancel in it.
    pub mu: f64,
    /// Mean absolute elementary effect (Campolongo et al. 2007): the factor's importance.
    pub mu_star: f64,
    /// 95% bootstrap percentile interval of mu* (trajectories resampled).
    pub mu_star_interval: (f64, f64),
    /// SALib's `mu_star_conf`: 1.96 times the bootstrap standard deviation of mu*.
    pub mu_star_conf: f64,
    /// Standard deviation of the elementary effects (n - 1): interactions and non-linearity.
    pub sigma: f64,
}

/// The elementary effects of each factor, one per trajectory, from the design's points (in
/// the unit cube, as [`trajectories`] made them) and the output at each point.
pub fn elementary_effects(points: &[Vec<f64>], y: &[f64], k: usize) -> Vec<Vec<f64>> {
    let mut effects = vec![Vec::with_capacity(points.len() / (k + 1)); k];
    for (t, chunk) in points.chunks(k + 1).enumerate() {
        let base = t * (k + 1);
        for s in 0..k {
            let (before, after) = (&chunk[s], &chunk[s + 1]);
            // The one factor that moved at this step, and by how much.
            if let Some(i) = (0..k).find(|&i| before[i] != after[i]) {
                let step = after[i] - before[i];
                effects[i].push((y[base + s + 1] - y[base + s]) / step);
            }
        }
    }
    effects
}

/// Morris indices of every factor, with intervals from `resamples` bootstrap resamples of the
/// trajectories drawn from `seed`'s stream `stream_index`.
pub fn analyse(
    points: &[Vec<f64>],
    y: &[f64],
    k: usize,
    resamples: usize,
    seed: u64,
    stream_index: u64,
) -> Vec<MorrisIndex> {
    analyse_redrawn(
        points,
        y,
        &mut |_| y.to_vec(),
        k,
        resamples,
        seed,
        stream_index,
    )
}

/// As [`analyse`], where each bootstrap resample draws the outputs anew with `redraw` (the
/// identity for [`analyse`]).
fn analyse_redrawn(
    points: &[Vec<f64>],
    y: &[f64],
    redraw: &mut dyn FnMut(&mut crate::rng::Stream) -> Vec<f64>,
    k: usize,
    resamples: usize,
    seed: u64,
    stream_index: u64,
) -> Vec<MorrisIndex> {
    let effects = elementary_effects(points, y, k);
    let r = effects.first().map_or(0, Vec::len);
    let mut rng = stream(seed, Draw::Bootstrap, stream_index);
    let mut boot = vec![Vec::with_capacity(resamples); k];
    for _ in 0..resamples {
        let drawn = elementary_effects(points, &redraw(&mut rng), k);
        let picks: Vec<usize> = (0..r).map(|_| index(&mut rng, r.max(1))).collect();
        for (i, ee) in drawn.iter().enumerate() {
            boot[i].push(picks.iter().map(|&t| ee[t].abs()).sum::<f64>() / r as f64);
        }
    }
    effects
        .iter()
        .zip(boot.iter_mut())
        .map(|(ee, boot)| {
            let n = ee.len() as f64;
            let mu = ee.iter().sum::<f64>() / n;
            let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
            let sigma = if ee.len() < 2 {
                f64::NAN
            } else {
                (ee.iter().map(|e| (e - mu) * (e - mu)).sum::<f64>() / (n - 1.0)).sqrt()
            };
            let mu_star_conf = normal_half_width(boot);
            let mu_star_interval = percentile_interval(boot);
            MorrisIndex {
                mu,
                mu_star,
                mu_star_interval,
                mu_star_conf,
                sigma,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trajectory_moves_every_factor_once_by_delta_on_the_grid() {
        let (k, r, p) = (5, 20, 4);
        let d = delta(p);
        assert_eq!(d, 2.0 / 3.0);
        let points = trajectories(k, r, p, 7);
        assert_eq!(points.len(), r * (k + 1));
        for chunk in points.chunks(k + 1) {
            let mut moved = vec![0; k];
            for s in 0..k {
                let changed: Vec<usize> =
                    (0..k).filter(|&i| chunk[s][i] != chunk[s + 1][i]).collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert!(((chunk[s + 1][i] - chunk[s][i]).abs() - d).abs() < 1e-15);
                moved[i] += 1;
            }
            assert_eq!(moved, vec![1; k]);
            for x in chunk.iter().flatten() {
                // On the grid {0, 1/3, 2/3, 1}.
                assert!((x * 3.0 - (x * 3.0).round()).abs() < 1e-12 && (0.0..=1.0).contains(x));
            }
        }
        // Reproducible, and another seed gives other trajectories.
        assert_eq!(points, trajectories(k, r, p, 7));
        assert_ne!(points, trajectories(k, r, p, 8));
    }

    /// A linear function's elementary effects are its slopes, exactly: mu = slope, mu* =
    /// |slope|, sigma = 0; a factor the function ignores gets 0 throughout.
    #[test]
    fn a_linear_function_has_its_slopes_as_effects() {
        let slopes = [2.0, -3.0, 0.0, 0.5];
        let points = trajectories(4, 30, 4, 1);
        let y: Vec<f64> = points
            .iter()
            .map(|x| x.iter().zip(&slopes).map(|(x, c)| x * c).sum())
            .collect();
        let indices = analyse(&points, &y, 4, 100, 1, 0);
        for (ix, c) in indices.iter().zip(slopes) {
            assert!((ix.mu - c).abs() < 1e-12, "{ix:?}");
            assert!((ix.mu_star - c.abs()).abs() < 1e-12);
            assert!(ix.sigma < 1e-12);
            assert!((ix.mu_star_interval.0 - c.abs()).abs() < 1e-12);
            assert!((ix.mu_star_interval.1 - c.abs()).abs() < 1e-12);
        }
    }

    /// x1 * x2 has effects that depend on where they are measured: sigma > 0 for both and mu*
    /// equal by symmetry in expectation; x3 is inert.
    #[test]
    fn an_interaction_shows_as_sigma() {
        let points = trajectories(3, 200, 4, 3);
        let y: Vec<f64> = points.iter().map(|x| x[0] * x[1]).collect();
        let ix = analyse(&points, &y, 3, 200, 3, 0);
        assert!(ix[0].sigma > 0.1 && ix[1].sigma > 0.1);
        assert_eq!((ix[2].mu_star, ix[2].sigma), (0.0, 0.0));
        // Each effect is the other factor's value, whose mean over the grid is 1/2.
        assert!((ix[0].mu - 0.5).abs() < 0.05 && (ix[1].mu - 0.5).abs() < 0.05);
        assert!(ix[0].mu_star_interval.0 <= ix[0].mu_star);
        assert!(ix[0].mu_star <= ix[0].mu_star_interval.1);
    }

    /// On Sobol's G function (a = 0, 1, 9, 99) mu* ranks the factors as their analytic
    /// first-order indices do.
    #[test]
    fn mu_star_ranks_the_g_function_as_its_analytic_indices() {
        let a = [0.0, 1.0, 9.0, 99.0];
        let points = trajectories(4, 100, 4, 11);
        let y: Vec<f64> = points
            .iter()
            .map(|x| super::super::testfn::g(x, &a))
            .collect();
        let ix = analyse(&points, &y, 4, 100, 11, 0);
        for w in ix.windows(2) {
            assert!(w[0].mu_star > w[1].mu_star, "{ix:?}");
        }
    }
}
