//! A case flattened for the hot path: weighted option values in contiguous arrays and ideal
//! packages, computed once per case, and a place where higher layers keep what they derive
//! from the case (the metrics' search tables and Nash point, the protocols' inverters).

use crate::model::case::Case;
use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

/// The largest table of concession costs (entries, 8 bytes each: 512 KiB) a case precomputes.
/// The table is also kept within [`COST_LOG2_PER_VALUE`] times the case's own values (a mean of
/// at most 16 options an issue), because finished processes keep their case until their rows are written. Larger
/// cases compute each cost's `log2` when the search needs it, with the same result.
pub const COST_LOG2_LIMIT: usize = 1 << 16;

/// The table of concession costs is kept within this many times the case's own values.
pub const COST_LOG2_PER_VALUE: usize = 16;

/// A package: one option index per issue.
pub type Package = Vec<u8>;

/// A case prepared for simulation. Shared (behind an `Arc`) by every process that uses it.
#[derive(Clone, Debug)]
pub struct PreparedCase {
    /// The case as written.
    pub case: Case,
    /// Number of stakeholders.
    pub n: usize,
    /// Number of issues.
    pub k: usize,
    /// Options per issue.
    pub options: Vec<usize>,
    /// Offset of each issue's first option in the flat option arrays.
    pub offsets: Vec<usize>,
    /// Total number of options over all issues.
    pub total: usize,
    /// Largest option count of any issue.
    pub max_options: usize,
    /// Normalised priority weight, `[s * k + i]`.
    pub weights: Vec<f64>,
    /// Raw valuation v_si(o) in [0, 1], `[s * total + offset_i + o]`.
    pub valuations: Vec<f64>,
    /// Weighted value w_si * v_si(o), `[s * total + offset_i + o]`; utility is the sum over issues.
    pub value: Vec<f64>,
    /// Weighted world value, `[offset_i + o]`; world value is the sum over issues.
    pub world: Vec<f64>,
    /// Hidden flag per option, `[offset_i + o]`.
    pub hidden: Vec<bool>,
    /// BATNA per stakeholder.
    pub batna: Vec<f64>,
    /// Each stakeholder's best package among the visible options.
    pub ideal: Vec<Package>,
    /// Utility of each stakeholder's ideal package.
    pub ideal_utility: Vec<f64>,
    /// Visible (not hidden) flag per option, `[offset_i + o]`.
    pub visible: Vec<bool>,
    /// `true` for every issue (a ready-made "all issues movable" mask).
    pub all_issues: Vec<bool>,
    /// `k x k` masks, row `i` movable on issue `i` alone (a sequential agenda's current
    /// issue); see [`PreparedCase::only_issue`].
    single_issue: Vec<bool>,
    /// Largest joint utility of any package (over all options, hidden ones included): the sum
    /// over issues of the best summed weighted value, exact because utilities are additive.
    pub max_joint_utility: f64,
    /// The `exact_outcome_bound` the case was prepared with: 0 when no Pareto metrics are
    /// wanted; otherwise the largest outcome space whose whole frontier a view may enumerate.
    pub outcome_bound: u64,
    /// Offset of each issue's block of option pairs, `options[i]^2` of them, in
    /// [`PreparedCase::cost_log2_of`]'s rows.
    pub pair_offsets: Vec<usize>,
    /// Option pairs over all issues: the sum of `options[i]^2`, the length of a row of
    /// `cost_log2`.
    pairs: usize,
    /// Each stakeholder's cost of moving from one option of an issue to another, as `log2`:
    /// `[s * pairs + pair_offsets[i] + from * options[i] + to]` holds
    /// `log2(value(from) - value(to))` where that is positive (NaN elsewhere). The package
    /// search weighs concessions by a power of their cost, which these make one `exp2`. Built
    /// when the search first asks, so protocols without it do not pay; empty when it would
    /// exceed [`COST_LOG2_LIMIT`].
    cost_log2: OnceLock<Vec<f64>>,
    /// What higher layers derived from the case (see [`PreparedCase::derived`] and
    /// [`PreparedCase::shared`]).
    derived: Derived,
}

/// A shared value of any type, as [`Derived`] stores it.
type AnyArc = Arc<dyn Any + Send + Sync>;

/// Values that higher layers derive from a case, at most one of each type: kept for the
/// case's lifetime, or held weakly (alive only while some user holds them). The model layer
/// does not know their types, so the layers above it can cache per case without the case
/// importing them.
#[derive(Default)]
struct Derived {
    kept: Mutex<Vec<AnyArc>>,
    held: Mutex<Vec<Weak<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

impl Clone for Derived {
    /// A clone derives its own values when it needs them.
    fn clone(&self) -> Derived {
        Derived::default()
    }
}

impl PreparedCase {
    /// Prepares a validated case. `exact_bound` is the largest outcome space whose whole Pareto
    /// frontier a view (chart, narration) may enumerate; 0 skips the Pareto metrics altogether
    /// (for speed runs that need none). Nothing of the outcome space is computed here: the
    /// metrics derive what they need on first use.
    pub fn new(case: Case, exact_bound: u64) -> PreparedCase {
        PreparedCase::build(case, exact_bound, false)
    }

    /// Like [`PreparedCase::new`], but uses each stakeholder's weights exactly as written instead
    /// of dividing them by their sum. For replaying files from other platforms (NegMAS, GENIUS)
    /// whose weights already sum to 1 up to rounding: dividing by a sum of 0.9999999999999999
    /// changes the last bits of utilities and so, now and then, which of two nearly equal
    /// packages is offered.
    pub fn with_weights_as_written(case: Case, exact_bound: u64) -> PreparedCase {
        PreparedCase::build(case, exact_bound, true)
    }

    fn build(case: Case, exact_bound: u64, weights_as_written: bool) -> PreparedCase {
        let n = case.stakeholders.len();
        let k = case.issues.len();
        let options: Vec<usize> = case.issues.iter().map(|i| i.options.len()).collect();
        let mut offsets = Vec::with_capacity(k);
        let mut total = 0;
        for &v in &options {
            offsets.push(total);
            total += v;
        }
        let max_options = options.iter().copied().max().unwrap_or(0);
        let world_w = case.world_weights();
        let mut weights = Vec::with_capacity(n * k);
        let mut valuations = vec![0.0; n * total];
        let mut value = vec![0.0; n * total];
        for s in 0..n {
            let w = if weights_as_written {
                case.raw_weights(s)
            } else {
                case.weights(s)
            };
            for i in 0..k {
                for (o, &v) in case.values(s, i).iter().enumerate() {
                    valuations[s * total + offsets[i] + o] = v;
                    value[s * total + offsets[i] + o] = w[i] * v;
                }
            }
            weights.extend_from_slice(&w);
        }
        let mut world = vec![0.0; total];
        let mut hidden = vec![false; total];
        for (i, issue) in case.issues.iter().enumerate() {
            for (o, opt) in issue.options.iter().enumerate() {
                world[offsets[i] + o] = world_w[i] * opt.world_value;
                hidden[offsets[i] + o] = opt.hidden;
            }
        }
        let batna = case.stakeholders.iter().map(|s| s.batna).collect();
        let mut prepared = PreparedCase {
            case,
            n,
            k,
            options,
            offsets,
            total,
            max_options,
            weights,
            valuations,
            value,
            world,
            hidden,
            batna,
            ideal: Vec::new(),
            ideal_utility: Vec::new(),
            visible: Vec::new(),
            all_issues: vec![true; k],
            single_issue: (0..k * k).map(|c| c / k == c % k).collect(),
            max_joint_utility: 0.0,
            outcome_bound: exact_bound,
            pair_offsets: Vec::new(),
            pairs: 0,
            cost_log2: OnceLock::new(),
            derived: Derived::default(),
        };
        for &m in &prepared.options {
            prepared.pair_offsets.push(prepared.pairs);
            prepared.pairs += m * m;
        }
        prepared.visible = prepared.hidden.iter().map(|h| !h).collect();
        prepared.max_joint_utility = (0..k)
            .map(|i| {
                (0..prepared.options[i])
                    .map(|o| {
                        let f = prepared.offsets[i] + o;
                        (0..n).map(|s| prepared.value[s * total + f]).sum::<f64>()
                    })
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .sum();
        for s in 0..n {
            let ideal = prepared.best_package_for(s, |f| !prepared.hidden[f]);
            prepared.ideal_utility.push(prepared.utility(s, &ideal));
            prepared.ideal.push(ideal);
        }
        prepared
    }

    /// The table of `cost_log2`, or an empty one beyond [`COST_LOG2_LIMIT`].
    fn tabulate_cost_log2(&self) -> Vec<f64> {
        let pairs = self.pairs;
        let entries = self.n.saturating_mul(pairs);
        if pairs == 0 || entries > COST_LOG2_LIMIT || pairs > COST_LOG2_PER_VALUE * self.total {
            return Vec::new();
        }
        let mut table = vec![f64::NAN; entries];
        for (s, row) in table.chunks_exact_mut(pairs).enumerate() {
            let own = self.values_of(s);
            for i in 0..self.k {
                let values = &own[self.issue_options(i)];
                for (from, &v_from) in values.iter().enumerate() {
                    let moves = &mut row[self.moves_from(i, from)];
                    for (entry, &v_to) in moves.iter_mut().zip(values) {
                        // The search's cost is `-(v_to - v_from)`, which is this exactly.
                        let cost = v_from - v_to;
                        if cost > 0.0 {
                            *entry = libm::log2(cost);
                        }
                    }
                }
            }
        }
        table
    }

    /// Option pairs over all issues, the sum of `options[i]^2`: the length of a row of
    /// [`PreparedCase::cost_log2_of`], laid out by [`PreparedCase::pair_offsets`].
    pub fn pairs(&self) -> usize {
        self.pairs
    }

    /// Stakeholder `s`'s row of concession costs as `log2` (see the `cost_log2` field; built on
    /// the first call), or `None` for a case too large to hold them.
    pub fn cost_log2_of(&self, s: usize) -> Option<&[f64]> {
        let table = self.cost_log2.get_or_init(|| self.tabulate_cost_log2());
        if table.is_empty() {
            return None;
        }
        Some(&table[s * self.pairs..(s + 1) * self.pairs])
    }

    /// True if the Pareto metrics (frontier distance, Nash point) are wanted: the case was
    /// prepared with a nonzero `exact_outcome_bound` (skipped for pure speed runs).
    pub fn has_outcome_space(&self) -> bool {
        self.outcome_bound > 0
    }

    /// The value of type `T` derived from this case, built by `build` on first use and kept as
    /// long as the case. Two threads asking at once may both build it (the value is a function
    /// of the case, so either is the same); the first stored is the one every caller gets.
    /// `build` may itself ask for other derived values.
    pub fn derived<T: Any + Send + Sync>(&self, build: impl FnOnce(&PreparedCase) -> T) -> Arc<T> {
        let find = |kept: &[AnyArc]| kept.iter().find_map(|v| Arc::clone(v).downcast::<T>().ok());
        let lock = || {
            self.derived
                .kept
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(found) = find(&lock()) {
            return found;
        }
        // Built without the lock, so that building may ask for other derived values.
        let built = Arc::new(build(self));
        let mut kept = lock();
        if let Some(found) = find(&kept) {
            return found;
        }
        kept.push(built.clone());
        built
    }

    /// The value of type `T` derived from this case while someone holds it, or a new one from
    /// `build`. The case holds it weakly: large derived values (a classic tactic's inverters
    /// take hundreds of megabytes on a large case) must not live as long as results that keep
    /// the case until they are written. Tables in use hold it strongly, so conditions that
    /// run one after another on one case build it once.
    pub fn shared<T: Any + Send + Sync>(&self, build: impl FnOnce(&PreparedCase) -> T) -> Arc<T> {
        let mut held = self
            .derived
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        held.retain(|w| w.strong_count() > 0);
        if let Some(found) = held
            .iter()
            .find_map(|w| w.upgrade().and_then(|v| v.downcast::<T>().ok()))
        {
            return found;
        }
        let built = Arc::new(build(self));
        let erased: AnyArc = built.clone();
        held.push(Arc::downgrade(&erased));
        built
    }

    /// The "only issue `i` movable" mask (precomputed, so the round allocates nothing).
    pub fn only_issue(&self, i: usize) -> &[bool] {
        &self.single_issue[i * self.k..(i + 1) * self.k]
    }

    /// Flat index of option `o` of issue `i`.
    #[inline]
    pub fn flat(&self, i: usize, o: usize) -> usize {
        self.offsets[i] + o
    }

    /// The flat indices of issue `i`'s options.
    #[inline]
    pub fn issue_options(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i]..self.offsets[i] + self.options[i]
    }

    /// Where the moves on issue `i` away from option `from` lie in a row of
    /// [`PreparedCase::cost_log2_of`] (and in anything laid out as one): one entry per option
    /// moved to.
    #[inline]
    pub fn moves_from(&self, i: usize, from: usize) -> std::ops::Range<usize> {
        let m = self.options[i];
        self.pair_offsets[i] + from * m..self.pair_offsets[i] + (from + 1) * m
    }

    /// Stakeholder `s`'s weighted values, indexed by flat option index.
    #[inline]
    pub fn values_of(&self, s: usize) -> &[f64] {
        &self.value[s * self.total..(s + 1) * self.total]
    }

    /// Utility of stakeholder `s` for a package.
    #[inline]
    pub fn utility(&self, s: usize, package: &[u8]) -> f64 {
        let v = self.values_of(s);
        let mut u = 0.0;
        for (&o, &offset) in package.iter().zip(&self.offsets) {
            u += v[offset + o as usize];
        }
        u
    }

    /// World value of a package.
    #[inline]
    pub fn world_value(&self, package: &[u8]) -> f64 {
        let mut w = 0.0;
        for (&o, &offset) in package.iter().zip(&self.offsets) {
            w += self.world[offset + o as usize];
        }
        w
    }

    /// Stakeholder `s`'s best package over the options for which `available(flat)` holds;
    /// ties go to the option with the higher world value, then the lower index.
    pub fn best_package_for(&self, s: usize, available: impl Fn(usize) -> bool) -> Package {
        let v = self.values_of(s);
        (0..self.k)
            .map(|i| {
                let mut best = None::<(usize, f64, f64)>;
                for o in 0..self.options[i] {
                    let f = self.flat(i, o);
                    if !available(f) {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((_, bv, bw)) => v[f] > bv || (v[f] == bv && self.world[f] > bw),
                    };
                    if better {
                        best = Some((o, v[f], self.world[f]));
                    }
                }
                best.map(|b| b.0).unwrap_or(0) as u8
            })
            .collect()
    }

    /// Human-readable package: `issue=option` pairs joined by `;` (keys, stable for CSV).
    pub fn package_keys(&self, package: &[u8]) -> String {
        let mut s = String::new();
        for (i, &o) in package.iter().enumerate() {
            if i > 0 {
                s.push(';');
            }
            let issue = &self.case.issues[i];
            s.push_str(&issue.key);
            s.push('=');
            s.push_str(&issue.options[o as usize].key);
        }
        s
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::bench::negmas::{PartyDomain, case_of};

    /// `n` stakeholders (up to six), four issues of four options, whose priorities and values
    /// differ by seat, issue and option (no ties within a seat to hide a wrong index).
    pub(crate) fn varied_case(n: usize) -> super::PreparedCase {
        let domain: Vec<PartyDomain> = (0..n)
            .map(|s| PartyDomain {
                weights: vec![0.1 + 0.07 * s as f64, 0.3, 0.2, 0.45 - 0.07 * s as f64],
                tables: (0..4)
                    .map(|i| {
                        (0..4)
                            .map(|o| ((s * 7 + i * 3 + o * 5) % 11) as f64 / 10.0)
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        super::PreparedCase::with_weights_as_written(case_of(&domain, 4, 4, 0.0).unwrap(), 0)
    }

    /// Every bundled case, prepared.
    pub(crate) fn bundled_cases() -> Vec<super::PreparedCase> {
        let library = crate::experiment::library::Library::default();
        crate::experiment::library::BUILT_IN_CASES
            .iter()
            .map(|(name, _)| super::PreparedCase::new(library.case(name).unwrap().0, 0))
            .collect()
    }

    #[test]
    fn every_cost_of_every_bundled_case_sits_where_the_search_reads_it() {
        let cases = bundled_cases();
        // Issues of different sizes, so that a wrong offset would show.
        assert!(
            cases
                .iter()
                .any(|c| c.options.iter().any(|&m| m != c.options[0]))
        );
        for case in &cases {
            for s in 0..case.n {
                let row = case.cost_log2_of(s).expect("a bundled case tabulates");
                let own = case.values_of(s);
                for i in 0..case.k {
                    let m = case.options[i];
                    for from in 0..m {
                        for to in 0..m {
                            let entry = row[case.pair_offsets[i] + from * m + to];
                            let cost = own[case.flat(i, from)] - own[case.flat(i, to)];
                            if cost > 0.0 {
                                assert_eq!(entry.to_bits(), libm::log2(cost).to_bits());
                            } else {
                                assert!(entry.is_nan());
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn concession_costs_are_tabulated_as_log2_of_positive_differences() {
        // One issue of three options; seat 0 values them 1, 0.3 and 0 (weight 1).
        let party = |v: f64| PartyDomain {
            weights: vec![1.0],
            tables: vec![vec![1.0, v, 0.0]],
        };
        let case = super::PreparedCase::with_weights_as_written(
            case_of(&[party(0.3), party(0.6)], 1, 3, 0.0).unwrap(),
            0,
        );
        let row = case.cost_log2_of(0).expect("a small case tabulates");
        assert_eq!(row.len(), 9);
        // From option 0 (worth 1) to 1 (0.3) and 2 (0): costs 0.7 and 1.
        assert_eq!(row[1], libm::log2(1.0 - 0.3));
        assert_eq!(row[2], 0.0);
        // From option 1 to 2 costs 0.3; every move up, and staying, costs nothing.
        assert_eq!(row[5], libm::log2(0.3));
        for gain in [0, 3, 4, 6, 7, 8] {
            assert!(row[gain].is_nan(), "entry {gain} is not a cost");
        }
        assert_eq!(case.pair_offsets, vec![0]);
    }
}
