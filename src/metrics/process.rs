//! Per-process metrics (docs/model.md, section 7.10).

use crate::metrics::outcome_space::OutcomeSpace;
use crate::metrics::search;
use crate::model::prepared::PreparedCase;
use crate::protocol::ProcessOutcome;
use crate::protocol::components::Status;

/// Everything a process reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessMetrics {
    /// Agreement reached.
    pub agreed: bool,
    /// How it ended.
    pub outcome: Status,
    /// Rounds used.
    pub rounds: u32,
    /// Walk-outs.
    pub walkouts: u32,
    /// Each stakeholder's utility (its BATNA without agreement).
    pub utilities: Vec<f64>,
    /// Sum of utilities.
    pub joint_utility: f64,
    /// Smallest utility.
    pub min_utility: f64,
    /// Product of surpluses over BATNA (0 without agreement).
    pub nash_product: f64,
    /// Largest gain every stakeholder could get at once (0 = Pareto optimal); `None` when no
    /// outcome space was computed.
    pub pareto_distance: Option<f64>,
    /// Euclidean distance to the Nash point in utility space; `None` without one.
    pub nash_distance: Option<f64>,
    /// Whether `pareto_distance` and `nash_distance` are exact: true unless a search had to
    /// stop (see [`crate::metrics::search::SEARCH_WORK_LIMIT`]), or no outcome space was
    /// computed.
    pub pareto_exact: bool,
    /// Upper bound on the Pareto distance reached by a search that had to stop (the distance
    /// itself when exact); `None` when no outcome space was computed.
    pub pareto_distance_bound: Option<f64>,
    /// World value of the outcome.
    pub world_value: f64,
    /// Everyone above BATNA and world value at or above the case's threshold.
    pub win_win_win: bool,
    /// Issues settled on an option that another available option beats for everyone.
    pub lose_lose_issues: u32,
    /// Stakeholders the agreement leaves below their BATNA (0 without agreement): they
    /// accepted less than their alternative rather than face an impasse.
    pub below_batna: u32,
    /// Share of the largest possible joint surplus over the BATNAs that the outcome reaches:
    /// `(joint - sum of BATNAs) / (max joint - sum of BATNAs)`; 0 without agreement.
    pub efficiency: f64,
    /// Mean accuracy of beliefs about the others' interests.
    pub belief_accuracy: f64,
    /// The same after round `early_round` (at the end if the process ended before).
    pub early_belief_accuracy: f64,
    /// Hidden options found.
    pub hidden_options_found: u32,
    /// Mean pairwise trust at the end.
    pub trust_mean: f64,
    /// Mean stress at the end.
    pub stress_mean: f64,
}

impl ProcessMetrics {
    /// Share of the joint utility that goes to the stakeholder who gets the most.
    pub fn richest_share(&self) -> f64 {
        let max = self.utilities.iter().copied().fold(0.0, f64::max);
        if self.joint_utility > 0.0 {
            max / self.joint_utility
        } else {
            0.0
        }
    }
}

/// Outcome spaces of at most this many packages are enumerated once per case and their
/// frontier scanned for each process: cheaper than a search per process when a case is small
/// (an organisation's cases of 81 packages), and the same numbers, bit for bit (see
/// [`crate::metrics::search`]). Larger spaces are searched.
pub const SCAN_BOUND: u128 = 4096;

/// The enumerated outcome space the metrics of a small case are read from (kept with the case,
/// apart from the frontier a view asks for with its own bound).
struct ScannedSpace(OutcomeSpace);

/// Computes the metrics of a finished process.
pub fn evaluate(case: &PreparedCase, outcome: &ProcessOutcome) -> ProcessMetrics {
    let n = case.n;
    let agreed = outcome.agreement.is_some();
    let utilities: Vec<f64> = match &outcome.agreement {
        Some(p) => (0..n).map(|s| case.utility(s, p)).collect(),
        None => case.batna.clone(),
    };
    let joint_utility: f64 = utilities.iter().sum();
    let min_utility = utilities.iter().copied().fold(f64::INFINITY, f64::min);
    let nash_product = if agreed {
        utilities
            .iter()
            .zip(&case.batna)
            .map(|(u, b)| (u - b).max(0.0))
            .product()
    } else {
        0.0
    };
    let world_value = match &outcome.agreement {
        Some(p) => case.world_value(p),
        None => case.case.world_value_no_agreement,
    };
    let above_batna = utilities.iter().zip(&case.batna).all(|(u, b)| u > b);
    let below_batna = if agreed {
        utilities
            .iter()
            .zip(&case.batna)
            .filter(|(u, b)| u < b)
            .count() as u32
    } else {
        0
    };
    let win_win_win = agreed && above_batna && world_value >= case.case.world_threshold;
    let lose_lose_issues = outcome
        .agreement
        .as_ref()
        .map_or(0, |p| lose_lose_issues(case, p, &outcome.available));
    let (pareto_distance, pareto_distance_bound, nash_distance, pareto_exact) =
        if case.has_outcome_space() && case.case.package_count() <= SCAN_BOUND {
            let space = &case
                .derived(|c| ScannedSpace(OutcomeSpace::compute(c, u64::MAX)))
                .0;
            let distance = space.pareto_distance(&utilities);
            (
                Some(distance),
                Some(distance),
                space.nash_distance(&utilities),
                true,
            )
        } else if case.has_outcome_space() {
            let gain = search::largest_common_gain(case, &utilities, 0.0);
            let nash = case.derived(search::nash_point);
            let nash_distance = nash.point.as_ref().map(|p| {
                let mut d2 = 0.0;
                for s in 0..n {
                    d2 += (p.utilities[s] - utilities[s]) * (p.utilities[s] - utilities[s]);
                }
                d2.sqrt()
            });
            (
                Some(gain.value),
                Some(gain.bound.max(0.0)),
                nash_distance,
                gain.exact && nash.exact,
            )
        } else {
            (None, None, None, false)
        };
    let batna_sum: f64 = case.batna.iter().sum();
    let efficiency = efficiency(joint_utility, batna_sum, case.max_joint_utility);
    let seats = &outcome.seats;
    let belief_accuracy = seats.iter().map(|s| s.belief_accuracy).sum::<f64>() / n as f64;
    let early_belief_accuracy = outcome.early_belief_accuracy.unwrap_or(belief_accuracy);
    let stress_mean = seats.iter().map(|s| s.stress).sum::<f64>() / n as f64;
    let trust_mean = if n > 1 {
        let total: f64 = seats
            .iter()
            .enumerate()
            .map(|(s, seat)| {
                seat.trust
                    .iter()
                    .enumerate()
                    .filter(|&(t, _)| t != s)
                    .map(|(_, v)| v)
                    .sum::<f64>()
            })
            .sum();
        total / (n * (n - 1)) as f64
    } else {
        0.0
    };
    ProcessMetrics {
        agreed,
        outcome: outcome.status,
        rounds: outcome.rounds,
        walkouts: outcome.walkouts,
        utilities,
        joint_utility,
        min_utility,
        nash_product,
        pareto_distance,
        nash_distance,
        pareto_exact,
        pareto_distance_bound,
        world_value,
        win_win_win,
        lose_lose_issues,
        below_batna,
        efficiency,
        belief_accuracy,
        early_belief_accuracy,
        hidden_options_found: outcome.hidden_found,
        trust_mean,
        stress_mean,
    }
}

/// Share of the largest joint surplus over the BATNAs reached (1 when no package improves on
/// the BATNAs jointly and the outcome is the BATNAs).
pub fn efficiency(joint_utility: f64, batna_sum: f64, max_joint_utility: f64) -> f64 {
    let room = max_joint_utility - batna_sum;
    if room <= 0.0 {
        1.0
    } else {
        (joint_utility - batna_sum) / room
    }
}

/// Issues where the agreed option is beaten, for every stakeholder at once, by another option
/// that was on the table (the lose-lose outcome of compatible issues).
pub fn lose_lose_issues(case: &PreparedCase, package: &[u8], available: &[bool]) -> u32 {
    dominated_choices(case, package, available).len() as u32
}

/// The lose-lose issues of a package with, for each, the option everyone would have preferred:
/// `(issue, better option)`. Among several such options, the one with the highest summed
/// valuation is named (ties: the lower index).
pub fn dominated_choices(
    case: &PreparedCase,
    package: &[u8],
    available: &[bool],
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (i, &chosen) in package.iter().enumerate() {
        let a = case.flat(i, chosen as usize);
        let mut best: Option<(usize, f64)> = None;
        for o in 0..case.options[i] {
            let f = case.flat(i, o);
            if f == a || !available[f] {
                continue;
            }
            let mut strictly = false;
            let mut dominates = true;
            let mut total = 0.0;
            for s in 0..case.n {
                let (vf, va) = (
                    case.valuations[s * case.total + f],
                    case.valuations[s * case.total + a],
                );
                if vf < va {
                    dominates = false;
                    break;
                }
                strictly |= vf > va;
                total += vf;
            }
            if dominates && strictly && best.is_none_or(|b| total > b.1) {
                best = Some((o, total));
            }
        }
        if let Some((o, _)) = best {
            found.push((i, o));
        }
    }
    found
}
