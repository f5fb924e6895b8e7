//! Test functions with known sensitivity indices (Saltelli et al. 2008, "Global Sensitivity
//! Analysis. The Primer", chapter 3).

use std::f64::consts::PI;

/// The Ishigami function with a = 7, b = 0.1 on the unit cube, each input mapped to
/// `[-pi, pi]`: `sin x1 + a sin^2 x2 + b x3^4 sin x1` (Ishigami & Homma 1990).
pub fn ishigami(u: &[f64]) -> f64 {
    let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// The Ishigami function's analytic (S1, ST) for a = 7, b = 0.1.
pub fn ishigami_indices() -> ([f64; 3], [f64; 3]) {
    let (a, b) = (7.0f64, 0.1f64);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

/// Sobol's G function `prod (|4 x_i - 2| + a_i) / (1 + a_i)` on the unit cube.
pub fn g(x: &[f64], a: &[f64]) -> f64 {
    x.iter()
        .zip(a)
        .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

/// The G function's analytic (S1, ST): `V_i = 1 / (3 (1 + a_i)^2)`, `V = prod(1 + V_i) - 1`,
/// `S1_i = V_i / V`, `ST_i = V_i prod_{j != i}(1 + V_j) / V`.
pub fn g_indices(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a.iter().map(|a| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
    let all: f64 = vi.iter().map(|v| 1.0 + v).product();
    let v = all - 1.0;
    let s1 = vi.iter().map(|x| x / v).collect();
    let st = vi.iter().map(|x| x * all / (1.0 + x) / v).collect();
    (s1, st)
}
