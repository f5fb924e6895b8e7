//! The outcome space of a case: Pareto frontier, Nash point and best joint package.
//!
//! Exact by enumeration when the number of packages is at most the configured bound;
//! otherwise approximated by the optima of many weighted sums of utilities (the supported
//! points of the frontier), which is marked `exact = false` in every output row.

use crate::model::prepared::PreparedCase;
use crate::rng::{Purpose, StreamKey};

/// Number of weight vectors used to approximate a frontier that is too large to enumerate.
pub const APPROXIMATION_WEIGHTS: usize = 4096;

/// Most memory an exact enumeration of the outcome space may take (every package with every
/// stakeholder's utility); a larger space is approximated whatever `exact_outcome_bound` says.
pub const MAX_ENUMERATION_BYTES: u128 = 1 << 30;

/// Pareto frontier and reference points of a case, computed once per case.
#[derive(Clone, Debug, Default)]
pub struct OutcomeSpace {
    /// True if computed by full enumeration.
    pub exact: bool,
    /// Number of packages in the space.
    pub packages: u128,
    /// Stakeholders per point.
    pub n: usize,
    /// Issues per package.
    pub k: usize,
    /// Utilities of the frontier points, `[p * n + s]`.
    pub frontier_utilities: Vec<f64>,
    /// Packages of the frontier points, `[p * k + i]`.
    pub frontier_packages: Vec<u8>,
    /// Frontier index of the Nash point (max product of surplus over BATNA), if any package
    /// gives every stakeholder more than its BATNA.
    pub nash: Option<usize>,
    /// Frontier index of the package with the highest joint utility.
    pub best_joint: usize,
}

impl OutcomeSpace {
    /// Computes the outcome space of a prepared case.
    pub fn compute(case: &PreparedCase, exact_bound: u64) -> OutcomeSpace {
        let packages = case.case.package_count();
        let bytes_per_package = (8 * case.n + case.k) as u128;
        let exact = packages <= exact_bound as u128
            && packages.saturating_mul(bytes_per_package) <= MAX_ENUMERATION_BYTES;
        let candidates = if exact {
            enumerate(case)
        } else {
            supported_points(case)
        };
        let mut space = pareto_filter(case, candidates);
        space.exact = exact;
        space.packages = packages;
        space.locate_reference_points(&case.batna);
        space
    }

    /// Number of frontier points.
    pub fn len(&self) -> usize {
        self.frontier_utilities.len() / self.n.max(1)
    }

    /// True if the frontier is empty (never for a valid case).
    pub fn is_empty(&self) -> bool {
        self.frontier_utilities.is_empty()
    }

    /// Utilities of frontier point `p`.
    pub fn utilities(&self, p: usize) -> &[f64] {
        &self.frontier_utilities[p * self.n..(p + 1) * self.n]
    }

    /// Package of frontier point `p`.
    pub fn package(&self, p: usize) -> &[u8] {
        &self.frontier_packages[p * self.k..(p + 1) * self.k]
    }

    /// Largest gain every stakeholder could get at once over `u` by moving to another package:
    /// the distance from `u` to the Pareto frontier along the diagonal. Zero iff `u` is
    /// (weakly) Pareto optimal.
    pub fn pareto_distance(&self, u: &[f64]) -> f64 {
        self.best_improvement(u)
            .map_or(0.0, |(_, gain)| gain.max(0.0))
    }

    /// The frontier point whose smallest gain over `u`, across the stakeholders, is largest,
    /// with that gain (negative when no point improves on `u` for everyone); none for an
    /// empty space. Ties: the first point.
    pub fn best_improvement(&self, u: &[f64]) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for p in 0..self.len() {
            let q = self.utilities(p);
            let mut margin = f64::INFINITY;
            for s in 0..self.n {
                margin = margin.min(q[s] - u[s]);
            }
            if best.is_none_or(|(_, b)| margin > b) {
                best = Some((p, margin));
            }
        }
        best
    }

    /// Euclidean distance from `u` to the Nash point, if there is one.
    pub fn nash_distance(&self, u: &[f64]) -> Option<f64> {
        self.nash.map(|p| {
            let q = self.utilities(p);
            let mut d2 = 0.0;
            for s in 0..self.n {
                d2 += (q[s] - u[s]) * (q[s] - u[s]);
            }
            d2.sqrt()
        })
    }

    fn locate_reference_points(&mut self, batna: &[f64]) {
        let mut best_joint = (0usize, f64::NEG_INFINITY);
        let mut nash: Option<(usize, f64)> = None;
        for p in 0..self.len() {
            let q = self.utilities(p);
            let joint: f64 = q.iter().sum();
            if joint > best_joint.1 {
                best_joint = (p, joint);
            }
            if q.iter().zip(batna).all(|(u, b)| u > b) {
                let log_product: f64 = q.iter().zip(batna).map(|(u, b)| libm::log(u - b)).sum();
                if nash.is_none_or(|(_, best)| log_product > best) {
                    nash = Some((p, log_product));
                }
            }
        }
        self.best_joint = best_joint.0;
        self.nash = nash.map(|n| n.0);
    }
}

/// Candidate points: utilities `[c * n + s]` and packages `[c * k + i]`.
struct Candidates {
    utilities: Vec<f64>,
    packages: Vec<u8>,
}

fn enumerate(case: &PreparedCase) -> Candidates {
    let count = case.case.package_count() as usize;
    let mut utilities = Vec::with_capacity(count * case.n);
    let mut packages = Vec::with_capacity(count * case.k);
    let mut package = vec![0u8; case.k];
    loop {
        for s in 0..case.n {
            utilities.push(case.utility(s, &package));
        }
        packages.extend_from_slice(&package);
        // Mixed-radix increment, last issue fastest.
        let mut i = case.k;
        loop {
            if i == 0 {
                return Candidates {
                    utilities,
                    packages,
                };
            }
            i -= 1;
            package[i] += 1;
            if (package[i] as usize) < case.options[i] {
                break;
            }
            package[i] = 0;
        }
    }
}

/// Maximisers of weighted sums of utilities for many weight vectors: each lies on the
/// frontier, and together they trace its convex hull.
fn supported_points(case: &PreparedCase) -> Candidates {
    let mut rng = StreamKey::new(0, 0).stream(Purpose::OutcomeSpace, 0);
    let mut utilities = Vec::new();
    let mut packages = Vec::new();
    let mut lambda = vec![0.0; case.n];
    let mut package = vec![0u8; case.k];
    for m in 0..APPROXIMATION_WEIGHTS {
        if m < case.n {
            lambda
                .iter_mut()
                .enumerate()
                .for_each(|(s, l)| *l = f64::from(s == m));
        } else if m == case.n {
            lambda.iter_mut().for_each(|l| *l = 1.0);
        } else {
            lambda
                .iter_mut()
                .for_each(|l| *l = crate::rng::unit(&mut rng));
        }
        for (i, slot) in package.iter_mut().enumerate() {
            let mut best = (0usize, f64::NEG_INFINITY);
            for o in 0..case.options[i] {
                let f = case.flat(i, o);
                let score: f64 = (0..case.n)
                    .map(|s| lambda[s] * case.value[s * case.total + f])
                    .sum();
                if score > best.1 {
                    best = (o, score);
                }
            }
            *slot = best.0 as u8;
        }
        for s in 0..case.n {
            utilities.push(case.utility(s, &package));
        }
        packages.extend_from_slice(&package);
    }
    Candidates {
        utilities,
        packages,
    }
}

fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y)
}

fn pareto_filter(case: &PreparedCase, c: Candidates) -> OutcomeSpace {
    let n = case.n;
    let k = case.k;
    let count = c.utilities.len() / n;
    let u = |i: usize| &c.utilities[i * n..(i + 1) * n];
    let mut order: Vec<usize> = (0..count).collect();
    let mut keep: Vec<usize> = Vec::new();
    if n == 2 {
        order.sort_by(|&a, &b| {
            let (ua, ub) = (u(a), u(b));
            ub[0]
                .total_cmp(&ua[0])
                .then(ub[1].total_cmp(&ua[1]))
                .then(a.cmp(&b))
        });
        let mut best_y = f64::NEG_INFINITY;
        for i in order {
            if u(i)[1] > best_y {
                best_y = u(i)[1];
                keep.push(i);
            }
        }
    } else {
        let sum = |i: usize| u(i).iter().sum::<f64>();
        order.sort_by(|&a, &b| sum(b).total_cmp(&sum(a)).then(a.cmp(&b)));
        for i in order {
            if !keep.iter().any(|&j| dominates(u(j), u(i))) {
                keep.push(i);
            }
        }
        // Present the frontier sorted by the first stakeholder's utility, as for two.
        keep.sort_by(|&a, &b| u(b)[0].total_cmp(&u(a)[0]).then(a.cmp(&b)));
    }
    let mut space = OutcomeSpace {
        n,
        k,
        ..OutcomeSpace::default()
    };
    for i in keep {
        space.frontier_utilities.extend_from_slice(u(i));
        space
            .frontier_packages
            .extend_from_slice(&c.packages[i * k..(i + 1) * k]);
    }
    space
}
