//! Exact optima over the packages of a case without enumerating them: branch and bound over
//! the issues.
//!
//! Utilities are additive over issues, so a partial package (options chosen for the first
//! `d` issues) bounds everything below it: each stakeholder can at most add its best option
//! of every issue still open, and any weighted sum of the stakeholders' utilities is
//! maximised issue by issue. Two searches use that:
//!
//! - the **largest common gain** over a utility vector `u`, `max_x min_s (f_s(x) - u_s)`,
//!   whose positive part is the Pareto distance of `u` (docs/model.md: the largest gain every
//!   stakeholder could get at once). Bounds: each stakeholder's own best completion, and the
//!   Lagrangian bound `sum_s l_s (f_s(x) - u_s) >= min_s (...)` for weights `l` on the simplex,
//!   chosen near the best such bound (the dual of the linear relaxation) by multiplicative
//!   weights;
//! - the **Nash point**, `max_x sum_s log(f_s(x) - b_s)` over packages that give everyone more
//!   than its BATNA `b`. Bound: `log y <= log c + y / c - 1` for any `c > 0` makes the objective
//!   at most a weighted sum of utilities plus a constant; `c` is the surplus at the optimum of
//!   the relaxation (options mixed within an issue), found by Frank-Wolfe, where the bound is
//!   tight.
//!
//! Partial sums run over the issues from first to last, exactly as
//! [`PreparedCase::utility`] adds them, so every package the search scores has bit for bit the
//! utilities enumeration would give it, and the optimum is the same number. Bounds carry a
//! small allowance for rounding, so rounding never prunes a better package. Options that
//! another option of the same issue matches or beats for every stakeholder are never needed
//! (utilities only grow by swapping them) and are left out.
//!
//! A search stops after [`SEARCH_WORK_LIMIT`] units of work (a node costs one unit per
//! stakeholder); it then reports the best package found, `exact = false`, and the bound it had
//! reached on the true optimum.

use crate::model::prepared::PreparedCase;

/// Allowance for rounding in the bounds (utilities are in [0, 1]; sums of a few hundred terms
/// round by far less).
const SLACK: f64 = 1e-9;

/// Most work one search does before it stops and reports its bound: nodes visited times
/// stakeholders (about a second on one core).
pub const SEARCH_WORK_LIMIT: u64 = 400_000_000;

/// Iterations of the weight search that precedes branch and bound.
const WEIGHT_ITERATIONS: usize = 120;

/// Iterations of the weight search while its bound is still far above the best package.
const MAX_WEIGHT_ITERATIONS: usize = 600;

/// Iterations of Frank-Wolfe towards the relaxed Nash point.
const FRANK_WOLFE_ITERATIONS: usize = 150;

/// The per-case tables every search reads: built once per case (see [`tables`]).
#[derive(Debug)]
pub struct IssueTables {
    n: usize,
    k: usize,
    total: usize,
    /// Flat index of each issue's first option.
    offsets: Vec<usize>,
    /// Options of each issue worth searching, as flat indices: every option that no other
    /// option of the issue matches or beats for every stakeholder (of options equal for
    /// everyone, the first).
    kept: Vec<Vec<usize>>,
    /// Weighted values option-major, `[flat * n + s]`.
    by_option: Vec<f64>,
    /// `rest[d * n + s]`: the most stakeholder `s` can add over issues `d..k`.
    rest: Vec<f64>,
}

impl IssueTables {
    /// Builds the tables of a case.
    pub fn new(case: &PreparedCase) -> IssueTables {
        let (n, k, total) = (case.n, case.k, case.total);
        let mut by_option = vec![0.0; total * n];
        for s in 0..n {
            for (f, &v) in case.values_of(s).iter().enumerate() {
                by_option[f * n + s] = v;
            }
        }
        let column = |f: usize| &by_option[f * n..(f + 1) * n];
        let mut kept = Vec::with_capacity(k);
        for i in 0..k {
            let flats: Vec<usize> = (0..case.options[i]).map(|o| case.flat(i, o)).collect();
            let mut issue = Vec::new();
            for (a, &fa) in flats.iter().enumerate() {
                let beaten = flats.iter().enumerate().any(|(b, &fb)| {
                    if a == b {
                        return false;
                    }
                    let (va, vb) = (column(fa), column(fb));
                    let covers = va.iter().zip(vb).all(|(x, y)| y >= x);
                    // Equal for everyone: the first of them stays.
                    covers && (b < a || va.iter().zip(vb).any(|(x, y)| y > x))
                });
                if !beaten {
                    issue.push(fa);
                }
            }
            kept.push(issue);
        }
        let mut rest = vec![0.0; (k + 1) * n];
        for d in (0..k).rev() {
            for s in 0..n {
                let best = kept[d]
                    .iter()
                    .map(|&f| by_option[f * n + s])
                    .fold(f64::NEG_INFINITY, f64::max);
                rest[d * n + s] = rest[(d + 1) * n + s] + best;
            }
        }
        IssueTables {
            n,
            k,
            total,
            offsets: case.offsets.clone(),
            kept,
            by_option,
            rest,
        }
    }

    /// Iterations of the weight search before branch and bound: a few per binary digit of
    /// the number of packages searched, and (the second number) up to
    /// [`MAX_WEIGHT_ITERATIONS`] while the gap stays open on a space of more than 10^9.
    fn weight_iterations(&self) -> (usize, usize) {
        let digits: f64 = self.kept.iter().map(|o| (o.len() as f64).log2()).sum();
        let first = ((2.0 * digits) as usize).clamp(8, WEIGHT_ITERATIONS);
        let most = if digits > 30.0 {
            MAX_WEIGHT_ITERATIONS
        } else {
            first
        };
        (first, most)
    }

    /// Options searched per issue (after dropping those matched or beaten for everyone).
    pub fn kept_options(&self) -> impl Iterator<Item = usize> + '_ {
        self.kept.iter().map(Vec::len)
    }
}

/// The search tables of a case, built on first use and kept with the case.
pub fn tables(case: &PreparedCase) -> std::sync::Arc<IssueTables> {
    case.derived(IssueTables::new)
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimum {
    /// The best value found (for the largest common gain: at least the floor asked for).
    pub value: f64,
    /// The package that reaches it (none if only the floor was reached).
    pub package: Option<Vec<u8>>,
    /// True if the search finished: `value` is the optimum.
    pub exact: bool,
    /// Upper bound on the optimum: `value` when exact, else the bound the search reached.
    pub bound: f64,
    /// Search nodes visited.
    pub nodes: u64,
}

/// What a search maximises.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Goal {
    /// `min_s (f_s - u_s)`; ties need no care.
    CommonGain,
    /// `sum_s log(f_s - u_s)` where every `f_s > u_s`; ties are collected.
    Nash,
}

/// The largest gain every stakeholder could get at once over `u`,
/// `max_x min_s (f_s(x) - u_s)`, or `floor` if no package reaches more. With `floor = 0` its
/// value is the Pareto distance of `u`.
pub fn largest_common_gain(case: &PreparedCase, u: &[f64], floor: f64) -> Optimum {
    let tables = tables(case);
    let t = &*tables;
    let n = t.n;
    let mut best = floor;
    let mut best_package: Option<Vec<u8>> = None;
    // Weights near the dual optimum: multiplicative weights on the simplex, moving weight to
    // the stakeholders the current weighted optimum serves worst. Every package it visits is a
    // candidate too.
    let mut lambda = vec![1.0 / n as f64; n];
    let mut best_lambda = lambda.clone();
    let mut mean_lambda = vec![0.0; n];
    let mut best_dual = f64::INFINITY;
    let mut f = vec![0.0; n];
    let mut package = vec![0u8; t.k];
    let lambda_u = |l: &[f64]| l.iter().zip(u).map(|(l, u)| l * u).sum::<f64>();
    // The weights pay for themselves on large spaces only (a small one is searched in fewer
    // nodes than the iterations would cost): their number grows with the space's size, and a
    // gap left on a very large space gets more.
    let (iterations, most) = t.weight_iterations();
    for it in 0..most {
        if it >= iterations && best_dual - best < 1e-3 {
            break;
        }
        let dual = weighted_optimum(t, &lambda, &mut f, &mut package) - lambda_u(&lambda);
        if dual < best_dual {
            best_dual = dual;
            best_lambda.copy_from_slice(&lambda);
        }
        let gain = f
            .iter()
            .zip(u)
            .fold(f64::INFINITY, |m, (f, u)| m.min(f - u));
        if gain > best {
            best = gain;
            best_package = Some(package.clone());
        }
        if best_dual + SLACK <= best {
            break;
        }
        for (m, l) in mean_lambda.iter_mut().zip(&lambda) {
            *m += (l - *m) / (it + 1) as f64;
        }
        let eta = 4.0 / ((it + 1) as f64).sqrt();
        let mut sum = 0.0;
        for s in 0..n {
            lambda[s] *= libm::exp(-eta * (f[s] - u[s]));
            sum += lambda[s];
        }
        lambda.iter_mut().for_each(|l| *l /= sum);
    }
    // The running mean of the weights converges where the last ones oscillate: the better of
    // the two bounds prunes each node.
    let mut weights = vec![(best_lambda, 0.0)];
    if mean_lambda.iter().sum::<f64>() > 0.0 {
        weights.push((mean_lambda, 0.0));
    }
    let bounds = LinearBounds::new(t, &weights, u);
    let mut search = Search::new(t, Goal::CommonGain, u, bounds, best, best_package);
    search.run();
    search.finish()
}

/// The Nash point of a case: the package with the largest product of surpluses over the BATNAs
/// among those that give everyone more than its BATNA (ties: as the enumerated frontier
/// orders them, see [`NashPoint`]), or `None` if no package does.
pub fn nash_point(case: &PreparedCase) -> NashSearch {
    let tables = tables(case);
    let t = &*tables;
    let n = t.n;
    let b = &case.batna;
    // A start inside the relaxation: the average of the packages visited by the weight search
    // of the largest common gain over the BATNAs (itself a candidate).
    let mut lambda = vec![1.0 / n as f64; n];
    let mut f = vec![0.0; n];
    let mut package = vec![0u8; t.k];
    let mut mix = vec![0.0; n];
    let mut visited = 0.0;
    let mut candidates: Vec<Vec<u8>> = Vec::new();
    let (iterations, _) = t.weight_iterations();
    for it in 0..iterations {
        weighted_optimum(t, &lambda, &mut f, &mut package);
        visited += 1.0;
        for s in 0..n {
            mix[s] += (f[s] - mix[s]) / visited;
        }
        if f.iter().zip(b).all(|(f, b)| f > b) {
            candidates.push(package.clone());
        }
        let eta = 4.0 / ((it + 1) as f64).sqrt();
        let mut sum = 0.0;
        for s in 0..n {
            lambda[s] *= libm::exp(-eta * (f[s] - b[s]));
            sum += lambda[s];
        }
        lambda.iter_mut().for_each(|l| *l /= sum);
    }
    let mut tangents = Vec::new();
    if mix.iter().zip(b).all(|(m, b)| m > b) {
        // Frank-Wolfe on the relaxation: the gradient weights 1 / (f_s - b_s) pick a vertex
        // (a package), and a line search moves the mixed point towards it.
        let mut y = mix;
        let mut weights = vec![0.0; n];
        for _ in 0..(4 * iterations).min(FRANK_WOLFE_ITERATIONS) {
            for s in 0..n {
                weights[s] = 1.0 / (y[s] - b[s]);
            }
            weighted_optimum(t, &weights, &mut f, &mut package);
            if f.iter().zip(b).all(|(f, b)| f > b) {
                candidates.push(package.clone());
            }
            let step = line_search(&y, &f, b);
            if step <= 0.0 {
                break;
            }
            for s in 0..n {
                y[s] += step * (f[s] - y[s]);
            }
        }
        tangents.push(tangent(&y, b));
    }
    // The best candidate found, and the tangent bound at its surpluses.
    let mut best = f64::NEG_INFINITY;
    let mut best_package = None;
    for p in candidates {
        let q: Vec<f64> = (0..n).map(|s| case.utility(s, &p)).collect();
        let v = log_product(&q, b);
        if v > best {
            best = v;
            best_package = Some(p);
        }
    }
    if let Some(p) = &best_package {
        let q: Vec<f64> = (0..n).map(|s| case.utility(s, p)).collect();
        tangents.push(tangent(&q, b));
    }
    let bounds = LinearBounds::new(t, &tangents, b);
    // The candidates only seed the pruning: the search collects every package that ties with
    // the optimum itself, so it starts just below the best candidate.
    let start = if best.is_finite() {
        best - 2.0 * SLACK
    } else {
        f64::NEG_INFINITY
    };
    let mut search = Search::new(t, Goal::Nash, b, bounds, start, None);
    search.run();
    let exact = !search.stopped;
    let bound = search.best.max(search.open_bound);
    let nodes = search.nodes;
    let mut ties = std::mem::take(&mut search.ties);
    if search.best < best
        && let Some(p) = best_package
    {
        // Only when the search stopped before it reached the best candidate again.
        ties = vec![p];
    }
    let point = frontier_first(case, ties);
    NashSearch {
        point,
        exact,
        bound,
        nodes,
    }
}

/// The result of the Nash point's search.
#[derive(Clone, Debug, PartialEq)]
pub struct NashSearch {
    /// The Nash point, if some package gives everyone more than its BATNA.
    pub point: Option<NashPoint>,
    /// True if the search finished.
    pub exact: bool,
    /// Upper bound on the largest log product of surpluses.
    pub bound: f64,
    /// Search nodes visited.
    pub nodes: u64,
}

/// A Nash point: its package and utilities.
///
/// Among packages whose log products tie exactly, it is the one the enumerated frontier lists
/// first: not matched or beaten for everyone by another, the highest utility of the first
/// stakeholder, then the first package in the order of enumeration (the last issue fastest).
#[derive(Clone, Debug, PartialEq)]
pub struct NashPoint {
    /// The package.
    pub package: Vec<u8>,
    /// Each stakeholder's utility.
    pub utilities: Vec<f64>,
}

fn frontier_first(case: &PreparedCase, ties: Vec<Vec<u8>>) -> Option<NashPoint> {
    let points: Vec<(Vec<u8>, Vec<f64>)> = ties
        .into_iter()
        .map(|p| {
            let q = (0..case.n).map(|s| case.utility(s, &p)).collect();
            (p, q)
        })
        .collect();
    let covered = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| y >= x);
    points
        .iter()
        .filter(|(p, q)| {
            !points
                .iter()
                .any(|(op, oq)| op != p && covered(q, oq) && (oq != q || op < p))
        })
        .min_by(|a, b| b.1[0].total_cmp(&a.1[0]).then(a.0.cmp(&b.0)))
        .map(|(p, q)| NashPoint {
            package: p.clone(),
            utilities: q.clone(),
        })
}

/// `sum_s log(q_s - b_s)`, as the enumerated frontier computes it.
fn log_product(q: &[f64], b: &[f64]) -> f64 {
    q.iter().zip(b).map(|(u, b)| libm::log(u - b)).sum()
}

/// The tangent bound at surpluses `y - b`: `sum_s log(f_s - b_s) <= c + sum_s w_s (f_s - b_s)`
/// with `w_s = 1 / (y_s - b_s)` and `c = sum_s (log(y_s - b_s) - 1)` (the BATNA term is added
/// by [`LinearBounds`]).
fn tangent(y: &[f64], b: &[f64]) -> (Vec<f64>, f64) {
    let mut w = Vec::with_capacity(y.len());
    let mut c = 0.0;
    for (y, b) in y.iter().zip(b) {
        let surplus = (y - b).max(1e-12);
        w.push(1.0 / surplus);
        c += libm::log(surplus) - 1.0;
    }
    (w, c)
}

/// The step in [0, 1] from `y` towards `f` that maximises the concave
/// `sum_s log(y_s + t (f_s - y_s) - b_s)`: safeguarded Newton steps on its derivative, within
/// the steps that keep every surplus positive.
fn line_search(y: &[f64], f: &[f64], b: &[f64]) -> f64 {
    let mut hi: f64 = 1.0;
    for s in 0..y.len() {
        if f[s] < y[s] {
            // The surplus reaches zero at this step.
            hi = hi.min((y[s] - b[s]) / (y[s] - f[s]) * (1.0 - 1e-6));
        }
    }
    let slope = |t: f64| -> (f64, f64) {
        let (mut d1, mut d2) = (0.0, 0.0);
        for s in 0..y.len() {
            let d = f[s] - y[s];
            let r = d / (y[s] + t * d - b[s]);
            d1 += r;
            d2 -= r * r;
        }
        (d1, d2)
    };
    let (mut lo, mut hi) = (0.0, hi.max(0.0));
    if slope(0.0).0 <= 0.0 {
        return 0.0;
    }
    if slope(hi).0 >= 0.0 {
        return hi;
    }
    let mut t = 0.5 * hi;
    for _ in 0..30 {
        let (d1, d2) = slope(t);
        if d1 > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let newton = t - d1 / d2;
        t = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if hi - lo < 1e-12 || d1.abs() < 1e-12 {
            break;
        }
    }
    t
}

/// The package that maximises `sum_s w_s f_s` (issue by issue; ties: the first kept option),
/// its utilities in `f` (added over the issues in order, as [`PreparedCase::utility`] does)
/// and the weighted sum.
fn weighted_optimum(t: &IssueTables, w: &[f64], f: &mut [f64], package: &mut [u8]) -> f64 {
    let n = t.n;
    f.iter_mut().for_each(|x| *x = 0.0);
    let mut total = 0.0;
    for i in 0..t.k {
        let mut best = (t.kept[i][0], f64::NEG_INFINITY);
        for &fl in &t.kept[i] {
            let col = &t.by_option[fl * n..(fl + 1) * n];
            let score: f64 = col.iter().zip(w).map(|(v, w)| v * w).sum();
            if score > best.1 {
                best = (fl, score);
            }
        }
        total += best.1;
        package[i] = (best.0 - t.offsets[i]) as u8;
        let col = &t.by_option[best.0 * n..(best.0 + 1) * n];
        for s in 0..n {
            f[s] += col[s];
        }
    }
    total
}

/// Bounds of the form `c + sum_s w_s f_s(x)` on the objective, each maximised issue by issue
/// over what is still open.
struct LinearBounds {
    /// Number of bounds.
    count: usize,
    /// `score[l * total + flat]`: option `flat`'s weighted value under bound `l`.
    score: Vec<f64>,
    /// `rest[l * (k + 1) + d]`: the most bound `l`'s weighted sum can gain over issues `d..k`.
    rest: Vec<f64>,
    /// `constant[l]`: `c` less `sum_s w_s u_s` for the common gain.
    constant: Vec<f64>,
}

impl LinearBounds {
    /// Each `(w, c)` bounds the objective by `c + sum_s w_s (f_s - u_s)`: for the common gain
    /// with `c = 0` and `w` on the simplex, for the Nash point with the tangent's `w` and `c`
    /// and the BATNAs as `u`.
    fn new(t: &IssueTables, weights: &[(Vec<f64>, f64)], u: &[f64]) -> Self {
        let (n, k, total) = (t.n, t.k, t.total);
        let count = weights.len();
        let mut score = vec![0.0; count * total];
        let mut rest = vec![0.0; count * (k + 1)];
        let mut constant = Vec::with_capacity(count);
        for (l, (w, c)) in weights.iter().enumerate() {
            for f in 0..total {
                score[l * total + f] = t.by_option[f * n..(f + 1) * n]
                    .iter()
                    .zip(w)
                    .map(|(v, w)| v * w)
                    .sum();
            }
            for d in (0..k).rev() {
                let best = t.kept[d]
                    .iter()
                    .map(|&f| score[l * total + f])
                    .fold(f64::NEG_INFINITY, f64::max);
                rest[l * (k + 1) + d] = rest[l * (k + 1) + d + 1] + best;
            }
            // Rounding in these sums grows with the weights (a tangent at a small surplus has
            // large ones), so each bound carries an allowance in proportion: it only ever
            // prunes less.
            let scale: f64 = 1.0
                + c.abs()
                + w.iter()
                    .zip(u)
                    .map(|(w, u)| w * (1.0 + u.abs()))
                    .sum::<f64>();
            let allowance = 1e-12 * (k as f64 + 2.0) * scale;
            constant.push(c - w.iter().zip(u).map(|(w, u)| w * u).sum::<f64>() + allowance);
        }
        LinearBounds {
            count,
            score,
            rest,
            constant,
        }
    }
}

/// Depth-first branch and bound over the issues in order.
struct Search<'a> {
    t: &'a IssueTables,
    goal: Goal,
    /// The reference vector: `u` for the common gain, the BATNAs for the Nash point.
    u: &'a [f64],
    bounds: LinearBounds,
    /// `partial[d * n + s]`: stakeholder `s`'s utility over issues `0..d` of the current path.
    partial: Vec<f64>,
    /// `linear[d * count + l]`: bound `l`'s weighted sum over issues `0..d`.
    linear: Vec<f64>,
    /// Children of the node at each depth: (bound, flat option).
    children: Vec<Vec<(f64, usize)>>,
    package: Vec<u8>,
    /// Stakeholders in the order their bounds are checked: the last to prune a node first.
    order: Vec<usize>,
    best: f64,
    best_package: Option<Vec<u8>>,
    /// Packages that tie with `best` (Nash point only).
    ties: Vec<Vec<u8>>,
    nodes: u64,
    stopped: bool,
    /// The largest bound of a node left unexplored when the search stopped.
    open_bound: f64,
}

impl<'a> Search<'a> {
    fn new(
        t: &'a IssueTables,
        goal: Goal,
        u: &'a [f64],
        bounds: LinearBounds,
        best: f64,
        best_package: Option<Vec<u8>>,
    ) -> Search<'a> {
        let (n, k) = (t.n, t.k);
        let count = bounds.count;
        Search {
            t,
            goal,
            u,
            bounds,
            partial: vec![0.0; (k + 1) * n],
            linear: vec![0.0; (k + 1) * count],
            children: (0..k)
                .map(|i| Vec::with_capacity(t.kept[i].len()))
                .collect(),
            package: vec![0; k],
            order: (0..n).collect(),
            best,
            best_package,
            ties: Vec::new(),
            nodes: 0,
            stopped: false,
            open_bound: f64::NEG_INFINITY,
        }
    }

    fn run(&mut self) {
        if self.t.k > 0 {
            self.visit(0);
        }
    }

    fn finish(self) -> Optimum {
        Optimum {
            value: self.best,
            package: self.best_package,
            exact: !self.stopped,
            bound: self.best.max(self.open_bound),
            nodes: self.nodes,
        }
    }

    /// True if a subtree bounded by `bound` cannot improve on the best (for the Nash point:
    /// cannot tie with it either).
    #[inline]
    fn hopeless(&self, bound: f64) -> bool {
        match self.goal {
            Goal::CommonGain => bound + SLACK <= self.best,
            Goal::Nash => bound + SLACK < self.best,
        }
    }

    fn visit(&mut self, d: usize) {
        let (n, k) = (self.t.n, self.t.k);
        let count = self.bounds.count;
        let total = self.t.total;
        let mut kids = std::mem::take(&mut self.children[d]);
        kids.clear();
        for &f in &self.t.kept[d] {
            let mut bound = f64::INFINITY;
            for l in 0..count {
                let b = self.bounds.constant[l]
                    + (self.linear[d * count + l] + self.bounds.score[l * total + f])
                    + self.bounds.rest[l * (k + 1) + d + 1];
                bound = bound.min(b);
            }
            if self.hopeless(bound) {
                continue;
            }
            // Each stakeholder's best completion: the stakeholder that pruned last is asked
            // first.
            let col = &self.t.by_option[f * n..(f + 1) * n];
            let here = &self.partial[d * n..(d + 1) * n];
            let rest = &self.t.rest[(d + 1) * n..(d + 2) * n];
            let need = match self.goal {
                Goal::CommonGain => self.best,
                Goal::Nash => 0.0,
            };
            let mut pruned_by = None;
            for (j, &s) in self.order.iter().enumerate() {
                let reach = (here[s] + col[s]) + rest[s] - self.u[s];
                if reach + SLACK <= need {
                    pruned_by = Some(j);
                    break;
                }
                if self.goal == Goal::CommonGain {
                    bound = bound.min(reach);
                }
            }
            if let Some(j) = pruned_by {
                self.order[..=j].rotate_right(1);
                continue;
            }
            kids.push((bound, f));
        }
        kids.sort_by(|a, b| b.0.total_cmp(&a.0));
        let last = d + 1 == k;
        for &(bound, f) in &kids {
            if self.stopped {
                self.open_bound = self.open_bound.max(bound);
                continue;
            }
            if self.hopeless(bound) {
                continue;
            }
            self.nodes += 1;
            if self.nodes.saturating_mul(n as u64) > SEARCH_WORK_LIMIT {
                self.stopped = true;
                self.open_bound = self.open_bound.max(bound);
                continue;
            }
            self.package[d] = (f - self.t.offsets[d]) as u8;
            let col = &self.t.by_option[f * n..(f + 1) * n];
            for s in 0..n {
                self.partial[(d + 1) * n + s] = self.partial[d * n + s] + col[s];
            }
            for l in 0..count {
                self.linear[(d + 1) * count + l] =
                    self.linear[d * count + l] + self.bounds.score[l * total + f];
            }
            if last {
                self.leaf();
            } else {
                self.visit(d + 1);
            }
        }
        self.children[d] = kids;
    }

    fn leaf(&mut self) {
        let (n, k) = (self.t.n, self.t.k);
        let q = &self.partial[k * n..(k + 1) * n];
        match self.goal {
            Goal::CommonGain => {
                let gain = q
                    .iter()
                    .zip(self.u)
                    .fold(f64::INFINITY, |m, (q, u)| m.min(q - u));
                if gain > self.best {
                    self.best = gain;
                    self.best_package = Some(self.package.clone());
                }
            }
            Goal::Nash => {
                if !q.iter().zip(self.u).all(|(q, b)| q > b) {
                    return;
                }
                let v = log_product(q, self.u);
                if v > self.best {
                    self.best = v;
                    self.ties.clear();
                }
                if v == self.best {
                    self.ties.push(self.package.clone());
                }
            }
        }
    }
}
