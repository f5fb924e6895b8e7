//! The package search behind every mindset proposal: start from one's ideal and concede,
//! option by option, where a unit of one's own utility buys the most of what one cares about
//! for others (believed others' value, world value, closeness to their positions), while
//! staying at or above one's aspiration.
//!
//! This is the greedy solution of a multiple-choice knapsack: with accurate beliefs and high
//! other-concern it finds logrolling trades (concede on what matters little to you and much to
//! them); with the fixed-pie prior every concession looks like a pure loss, so the search
//! drifts to splitting the difference on positions. A yielder (other-concern without
//! resistance to yielding) weighs its own cost less when choosing a concession, so it gives
//! away more than a trade needs: see [`cost_sensitivity`].

use crate::model::prepared::PreparedCase;

/// Inputs of one search.
pub struct Search<'a> {
    /// The case.
    pub case: &'a PreparedCase,
    /// The searcher's weighted values per flat option.
    pub own: &'a [f64],
    /// What the searcher wants to increase for others, per flat option.
    pub objective: &'a [f64],
    /// Options on the table per flat option.
    pub available: &'a [bool],
    /// Issues the search may change.
    pub movable: &'a [bool],
    /// The searcher's costs of concessions as `log2`: [`PreparedCase::cost_log2_of`] for the
    /// stakeholder whose values are `own`; `None` computes them as needed, with the same result.
    pub cost_log2: Option<&'a [f64]>,
    /// How much a concession's cost to oneself counts in choosing it, in [0, 1]: 1 ranks
    /// moves by gain per unit of own utility given up (the logrolling search of a problem
    /// solver), 0 by gain alone, whatever it costs (a yielder). See [`cost_sensitivity`].
    pub cost_sensitivity: f64,
}

/// Dual concern theory's yielding made operational: a stakeholder that cares about the
/// others' outcome (other-concern) but does not resist yielding (low assertiveness) concedes
/// where the others gain most and pays little attention to what it costs itself, so its
/// packages leave joint value on the table; problem solving needs both concerns (Pruitt &
/// Rubin 1986; De Dreu, Weingart & Kwon 2000). The sensitivity is
/// `1 - other_concern * (1 - assertiveness)`: 1 without other-concern or with full
/// resistance, lowest for the yielder.
pub fn cost_sensitivity(other_concern: f64, assertiveness: f64) -> f64 {
    1.0 - other_concern * (1.0 - assertiveness)
}

/// A concession's own cost as it weighs in ranking moves: `cost^sensitivity`, computed as
/// `2^(sensitivity * log2(cost))` from the cost's `log2` (precomputed per case, or `None` to
/// compute it here). With the `log2` precomputed, libm's table-driven `exp2` takes a quarter of
/// the time of its `pow`, which was a fifth of an organisation's run time; the result differs
/// from `pow`'s by up to some ten units in the last place, and is the same on every machine.
/// The plain ratio (sensitivity 1) skips the power.
#[inline]
fn cost_weight(cost: f64, log2_cost: Option<f64>, sensitivity: f64) -> f64 {
    if sensitivity == 1.0 {
        cost
    } else {
        libm::exp2(sensitivity * log2_cost.unwrap_or_else(|| libm::log2(cost)))
    }
}

/// The best feasible move on one issue: (option, ratio, own utility change).
type Move = Option<(u8, f64, f64)>;

/// Marks the end of a ranking shorter than its issue's options (never an option's index:
/// an issue has at most 255 options, numbered from 0).
const END: u8 = u8::MAX;

/// Whether the moves away from one option of an issue are ranked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Ranked {
    /// Not yet.
    #[default]
    No,
    /// Ranked, best first.
    Yes,
    /// Not rankable (a ratio is not a number): the search scans the options instead.
    Never,
}

/// What a seat's searches keep from one round to the next: the moves away from each option,
/// ranked by ratio (objective gain over the power of its own cost), best first. A ratio depends
/// only on the objective, one's own values and the cost sensitivity, and those stay the same
/// for many rounds (85% of W2's searches have the objective of the round before) while the
/// slack changes every round. The best move for a slack is then the first in the ranking that
/// is on the table and fits the slack, with no power to take. The owner keeps them while the
/// objective and sensitivity are the same ([`KeptMoves::keep_for`]) and forgets them when the
/// objective changes ([`KeptMoves::forget`]).
#[derive(Clone, Debug, Default)]
pub struct KeptMoves {
    /// The ratio of each move, laid out as [`PreparedCase::cost_log2_of`]'s row (issue, from,
    /// to); set where ranked.
    ratios: Vec<f64>,
    /// Per issue and option moved from, in the same layout: the options to move to, best
    /// first (ties: the lower option), ending with [`END`] where there are fewer.
    ranking: Vec<u8>,
    /// Per flat option moved from: whether its moves are ranked, stamped with the generation
    /// of the rankings it belongs to (an older stamp reads as not ranked, so starting over
    /// touches nothing but the generation).
    ranked: Vec<(u32, Ranked)>,
    /// The generation of the present rankings.
    generation: u32,
    /// The cost sensitivity, as bits, the rankings hold for; `None` when forgotten.
    sensitivity: Option<u64>,
}

impl KeptMoves {
    /// Forgets every ranking: the objective they were made for changed.
    pub fn forget(&mut self) {
        self.sensitivity = None;
    }

    /// The rankings for a search with this cost sensitivity, if they were started for it (and
    /// not forgotten since). Otherwise they are started over, sized for `case`, and `None` is
    /// returned: the first search with a new objective or sensitivity scans, because ranking
    /// costs more than it saves for an objective searched only once (as at tables where beliefs
    /// or stress move every round); the second and later ones rank and read.
    ///
    /// Only the sensitivity is checked here. The caller keeps the rest of the contract: the
    /// same seat, case and objective since the rankings were started, and [`KeptMoves::forget`]
    /// whenever the objective changes. Call it only for a case with a cost table
    /// ([`PreparedCase::cost_log2_of`]), whose layout the rankings share.
    pub fn keep_for(&mut self, case: &PreparedCase, sensitivity: f64) -> Option<&mut KeptMoves> {
        if self.sensitivity == Some(sensitivity.to_bits()) {
            debug_assert!(
                self.ranking.len() == case.pairs() && self.ranked.len() == case.total,
                "rankings kept for another case"
            );
            return Some(self);
        }
        self.ratios.resize(case.pairs(), 0.0);
        self.ranking.resize(case.pairs(), END);
        self.ranked.resize(case.total, (0, Ranked::No));
        if self.generation == u32::MAX {
            self.ranked.fill((0, Ranked::No));
            self.generation = 0;
        }
        self.generation += 1;
        self.sensitivity = Some(sensitivity.to_bits());
        None
    }

    /// Whether the moves away from flat option `from` are ranked in the present generation.
    fn state(&self, from: usize) -> Ranked {
        match self.ranked[from] {
            (generation, state) if generation == self.generation => state,
            _ => Ranked::No,
        }
    }
}

impl Search<'_> {
    /// [`Search::scanned_move`] read from the kept ranking of the issue's moves away from
    /// `current`, ranked first if they are not yet.
    fn ranked_move(&self, i: usize, current: u8, slack: f64, kept: &mut KeptMoves) -> Move {
        let case = self.case;
        let cur = current as usize;
        let from = case.flat(i, cur);
        if kept.state(from) == Ranked::No {
            self.rank(i, cur, kept);
        }
        if kept.state(from) == Ranked::Never {
            return self.scanned_move(i, current, slack);
        }
        let moves = case.moves_from(i, cur);
        let own = &self.own[case.issue_options(i)];
        let available = &self.available[case.issue_options(i)];
        let ratios = &kept.ratios[moves.clone()];
        let mut found = None;
        for &o in &kept.ranking[moves] {
            if o == END {
                break;
            }
            let o = o as usize;
            let d_own = own[o] - own[cur];
            // The scan's test, as the scan writes it (so a NaN slack is read alike).
            if !available[o] || slack + d_own < -1e-12 {
                continue;
            }
            found = Some((o as u8, ratios[o], d_own));
            break;
        }
        // Every debug build (the test suite's) checks the ranking against a scan.
        debug_assert_eq!(
            found.map(|(o, r, d)| (o, r.to_bits(), d.to_bits())),
            self.scanned_move(i, current, slack)
                .map(|(o, r, d)| (o, r.to_bits(), d.to_bits())),
            "a kept ranking is out of date (issue {i}, from option {cur})"
        );
        found
    }

    /// Ranks the moves on issue `i` away from option `cur`: every option the objective gains
    /// from, by ratio, best first (ties: the lower option), whether on the table or not and
    /// whatever its cost (the slack and the table are checked when reading the ranking).
    fn rank(&self, i: usize, cur: usize, kept: &mut KeptMoves) {
        let case = self.case;
        let moves = case.moves_from(i, cur);
        let own = &self.own[case.issue_options(i)];
        let objective = &self.objective[case.issue_options(i)];
        let cost_log2 = self.cost_log2.map(|t| &t[moves.clone()]);
        let ratios = &mut kept.ratios[moves.clone()];
        let ranking = &mut kept.ranking[moves];
        let mut len = 0;
        for o in (0..own.len()).filter(|&o| o != cur) {
            let d_own = own[o] - own[cur];
            let d_obj = objective[o] - objective[cur];
            if d_obj <= 1e-12 {
                continue;
            }
            ratios[o] = self.ratio(d_obj, d_own, cost_log2.map(|row| row[o]));
            ranking[len] = o as u8;
            len += 1;
        }
        let from = case.flat(i, cur);
        if ranking[..len].iter().any(|&o| ratios[o as usize].is_nan()) {
            kept.ranked[from] = (kept.generation, Ranked::Never);
            return;
        }
        // A total order: no ratio is NaN, and no two entries are the same option.
        ranking[..len].sort_unstable_by(|&a, &b| {
            let (ra, rb) = (ratios[a as usize], ratios[b as usize]);
            rb.partial_cmp(&ra).expect("no NaN").then(a.cmp(&b))
        });
        ranking[len..].fill(END);
        kept.ranked[from] = (kept.generation, Ranked::Yes);
    }

    /// A move's ratio: free gains (no own loss) first, largest gain first; a costly move's
    /// gain over the power of its cost ([`cost_weight`]).
    #[inline(always)]
    fn ratio(&self, d_obj: f64, d_own: f64, log2_cost: Option<f64>) -> f64 {
        if d_own >= 0.0 {
            1e12 + d_obj
        } else {
            debug_assert!(
                log2_cost.is_none_or(|l| l.to_bits() == libm::log2(-d_own).to_bits()),
                "the cost table belongs to another stakeholder"
            );
            d_obj / cost_weight(-d_own, log2_cost, self.cost_sensitivity)
        }
    }

    /// The move on issue `i` with the highest objective gain per unit of own utility, among
    /// those that keep the searcher at or above its aspiration (ties: the lowest option),
    /// found by scanning the issue's options.
    fn scanned_move(&self, i: usize, current: u8, slack: f64) -> Move {
        let case = self.case;
        // One issue's options as slices of equal length: no index is checked in the loop.
        let options = case.issue_options(i);
        let own = &self.own[options.clone()];
        let objective = &self.objective[options.clone()];
        let available = &self.available[options];
        let cur = current as usize;
        let (own_cur, objective_cur) = (own[cur], objective[cur]);
        // The costs of moving away from the current option, as log2, if precomputed.
        let cost_log2 = self.cost_log2.map(|t| &t[case.moves_from(i, cur)]);
        // The best so far, kept as plain values: this runs millions of times.
        let (mut found, mut best_option, mut best_ratio, mut best_own) = (false, 0u8, 0.0, 0.0);
        for (o, ((&own_o, &objective_o), &available_o)) in
            own.iter().zip(objective).zip(available).enumerate()
        {
            if o == cur || !available_o {
                continue;
            }
            let d_own = own_o - own_cur;
            let d_obj = objective_o - objective_cur;
            if d_obj <= 1e-12 || slack + d_own < -1e-12 {
                continue;
            }
            let ratio = self.ratio(d_obj, d_own, cost_log2.map(|row| row[o]));
            if !found || ratio > best_ratio {
                (found, best_option, best_ratio, best_own) = (true, o as u8, ratio, d_own);
            }
        }
        found.then_some((best_option, best_ratio, best_own))
    }

    /// Improves `package` in place. `slack` is how much own utility the searcher may still
    /// give up (its current utility minus its aspiration). Returns the slack left.
    ///
    /// Each issue's best move is cached and found again only when that issue moved, when the
    /// slack shrank below what the move needs, or when the slack grew; this gives the same
    /// moves as rescanning every option after every move, in a fraction of the time.
    ///
    /// `kept` (see [`KeptMoves`]) ranks each issue's moves once and keeps the rankings for
    /// later searches with the same objective and cost sensitivity; it needs the cost table
    /// ([`Search::cost_log2`]) and is not used without it. `None` scans every issue's options
    /// each time. Both give the same search, bit for bit.
    pub fn concede(&self, package: &mut [u8], slack: f64, kept: Option<&mut KeptMoves>) -> f64 {
        // The rankings are laid out as the cost table, which large cases do not have.
        match kept.filter(|_| self.cost_log2.is_some()) {
            Some(kept) => self.concede_by(package, slack, |i, current, slack| {
                self.ranked_move(i, current, slack, kept)
            }),
            None => self.concede_by(package, slack, |i, current, slack| {
                self.scanned_move(i, current, slack)
            }),
        }
    }

    /// [`Search::concede`] with `best_move(issue, current option, slack)` finding an issue's
    /// best move (one copy for each way of finding it, so neither pays for the other).
    #[inline(always)]
    fn concede_by(
        &self,
        package: &mut [u8],
        mut slack: f64,
        mut best_move: impl FnMut(usize, u8, f64) -> Move,
    ) -> f64 {
        let case = self.case;
        let k = case.k;
        let mut best = [None; crate::model::case::MAX_ISSUES];
        for i in 0..k {
            if self.movable[i] {
                best[i] = best_move(i, package[i], slack);
            }
        }
        // Every accepted move raises the objective strictly, so the loop ends; the cap only
        // guards against pathological floating-point cycles.
        let max_moves = 4 * case.total + 8;
        for _ in 0..max_moves {
            let mut pick: Option<usize> = None;
            for i in 0..k {
                if let Some((_, ratio, _)) = best[i]
                    && pick.is_none_or(|p| ratio > best[p].map_or(f64::NEG_INFINITY, |b| b.1))
                {
                    pick = Some(i);
                }
            }
            let Some(i) = pick else { break };
            let (o, _, d_own) = best[i].expect("picked a move");
            if slack + d_own < -1e-12 {
                // The slack shrank since this move was found: find the issue's best again.
                best[i] = best_move(i, package[i], slack);
                continue;
            }
            package[i] = o;
            slack += d_own;
            if d_own > 0.0 {
                for j in 0..k {
                    if self.movable[j] {
                        best[j] = best_move(j, package[j], slack);
                    }
                }
            } else {
                best[i] = best_move(i, package[i], slack);
            }
        }
        slack
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::negmas::{PartyDomain, case_of};

    /// Three two-option issues; the searcher's weights are 0.5, 0.2 and 0.3 and it values
    /// option 0 at 1 and option 1 at 0 everywhere, so its ideal is worth 1. Moving issue 0, 1
    /// or 2 to option 1 costs it 0.5, 0.2 or 0.3 and gains the others 0.55, 0.3 or 0.4.
    fn concede_with(cost_sensitivity: f64, tabulated: bool) -> ([u8; 3], f64) {
        let party = |weights: Vec<f64>| PartyDomain {
            weights,
            tables: vec![vec![1.0, 0.0]; 3],
        };
        let domain = [party(vec![0.5, 0.2, 0.3]), party(vec![1.0 / 3.0; 3])];
        let case = PreparedCase::with_weights_as_written(case_of(&domain, 3, 2, 0.0).unwrap(), 0);
        let objective = [0.0, 0.55, 0.0, 0.3, 0.0, 0.4];
        let search = Search {
            case: &case,
            own: case.values_of(0),
            objective: &objective,
            available: &[true; 6],
            movable: &[true; 3],
            cost_log2: case.cost_log2_of(0).filter(|_| tabulated),
            cost_sensitivity,
        };
        let mut package = [0u8; 3];
        // Aspiration 0.5: half of the ideal may be given up.
        let slack = search.concede(&mut package, 0.5, None);
        (package, slack)
    }

    #[test]
    fn a_problem_solver_concedes_where_it_is_cheapest_per_unit_given() {
        // Ratios 1.1, 1.5 and 1.33: issue 1, then issue 2; issue 0 no longer fits. The
        // others gain 0.7 for the 0.5 given up.
        let (package, slack) = concede_with(1.0, true);
        assert_eq!(package, [0, 1, 1]);
        assert!(slack.abs() < 1e-12);
    }

    #[test]
    fn a_yielder_gives_the_largest_gain_whatever_it_costs() {
        // Gains 0.55, 0.3 and 0.4: issue 0 first, which takes all the slack. The others gain
        // only 0.55 for the same 0.5 given up.
        let (package, slack) = concede_with(0.0, true);
        assert_eq!(package, [1, 0, 0]);
        assert!(slack.abs() < 1e-12);
    }

    #[test]
    fn a_mixed_searcher_weighs_the_cost_by_its_power() {
        // Sensitivity 0.5: gains over the square root of the cost are 0.78, 0.67 and 0.73, so
        // issue 0 first, as for the yielder; without the power (ratios 1.1, 1.5, 1.33) it
        // would have been issue 1. The precomputed costs give the same search, bit for bit.
        let (package, slack) = concede_with(0.5, true);
        assert_eq!(package, [1, 0, 0]);
        assert!(slack.abs() < 1e-12);
        let (untabulated, untabulated_slack) = concede_with(0.5, false);
        assert_eq!(untabulated, package);
        assert_eq!(untabulated_slack.to_bits(), slack.to_bits());
    }

    #[test]
    fn the_cost_table_changes_no_search_of_any_bundled_case() {
        // Every seat of every bundled case, from its ideal and from the others' ideals (moves
        // away from options other than the first), for a yielder, a mixed searcher and a
        // problem solver: the same package and slack, bit for bit, with and without the table.
        for case in crate::model::prepared::tests::bundled_cases() {
            let objective: Vec<f64> = (0..case.total)
                .map(|f| (0..case.n).map(|t| case.value[t * case.total + f]).sum())
                .collect();
            for s in 0..case.n {
                for start in &case.ideal {
                    for cost_sensitivity in [0.0, 0.37, 1.0] {
                        let search = |tabulated: bool| {
                            let search = Search {
                                case: &case,
                                own: case.values_of(s),
                                objective: &objective,
                                available: &case.visible,
                                movable: &case.all_issues,
                                cost_log2: case.cost_log2_of(s).filter(|_| tabulated),
                                cost_sensitivity,
                            };
                            let mut package = start.clone();
                            let slack = search.concede(&mut package, 0.3, None);
                            (package, slack.to_bits())
                        };
                        assert_eq!(search(true), search(false));
                    }
                }
            }
        }
    }

    #[test]
    fn kept_rankings_give_the_searches_a_scan_gives() {
        // Every seat of every bundled case keeps one set of rankings through two objectives
        // (forgotten when the objective changes, as the proposal step does) and three
        // sensitivities (started over when it changes), and searches from every seat's ideal
        // over slacks that grow and shrink, as a seat's aspiration does from round to round,
        // with options leaving the table and coming back: the same package and slack, bit for
        // bit, as searches that scan every issue's options.
        for case in crate::model::prepared::tests::bundled_cases() {
            let summed: Vec<f64> = (0..case.total)
                .map(|f| (0..case.n).map(|t| case.value[t * case.total + f]).sum())
                .collect();
            // Another objective: the world value, and a little of the others' values.
            let other: Vec<f64> = (0..case.total)
                .map(|f| case.world[f] + 0.1 * summed[f])
                .collect();
            // Every third option off the table.
            let thinned: Vec<bool> = (0..case.total).map(|f| f % 3 != 1).collect();
            let mut read = 0;
            for s in 0..case.n {
                let mut kept = KeptMoves::default();
                for objective in [&summed, &other] {
                    kept.forget();
                    for cost_sensitivity in [0.0, 0.37, 1.0] {
                        for (slack, available) in [
                            (0.05, &case.visible),
                            (0.3, &thinned),
                            (0.1, &case.visible),
                            (0.6, &case.visible),
                            (0.6, &thinned),
                            (0.2, &case.visible),
                        ] {
                            let search = Search {
                                case: &case,
                                own: case.values_of(s),
                                objective,
                                available,
                                movable: &case.all_issues,
                                cost_log2: case.cost_log2_of(s),
                                cost_sensitivity,
                            };
                            for start in &case.ideal {
                                let kept = kept.keep_for(&case, cost_sensitivity);
                                read += kept.as_ref().map_or(0, |kept| {
                                    (0..case.total)
                                        .filter(|&f| kept.state(f) == Ranked::Yes)
                                        .count()
                                });
                                let mut with_kept = start.clone();
                                let left = search.concede(&mut with_kept, slack, kept);
                                let mut scanned = start.clone();
                                let scanned_left = search.concede(&mut scanned, slack, None);
                                assert_eq!(with_kept, scanned);
                                assert_eq!(left.to_bits(), scanned_left.to_bits());
                            }
                        }
                    }
                }
            }
            assert!(read > 0, "no search read a kept ranking");
        }
    }

    #[test]
    fn a_ranking_orders_by_ratio_then_option_and_ends_early() {
        // One issue of five options valued 1, 0.75, 0.5, 0.25 and 0 by the searcher (weight 1);
        // objective gains 0.375, 0.75, 0.25 and 0.8 from option 0, problem solver: ratios 1.5
        // (option 1), 1.5 (option 2, an exact tie), 0.33 (option 3) and 0.8 (option 4).
        let domain = [
            PartyDomain {
                weights: vec![1.0],
                tables: vec![vec![1.0, 0.75, 0.5, 0.25, 0.0]],
            },
            PartyDomain {
                weights: vec![1.0],
                tables: vec![vec![0.0, 0.25, 0.5, 0.75, 1.0]],
            },
        ];
        let case = PreparedCase::with_weights_as_written(case_of(&domain, 1, 5, 0.0).unwrap(), 0);
        let objective = [0.0, 0.375, 0.75, 0.25, 0.8];
        let search = Search {
            case: &case,
            own: case.values_of(0),
            objective: &objective,
            available: &[true; 5],
            movable: &[true],
            cost_log2: case.cost_log2_of(0),
            cost_sensitivity: 1.0,
        };
        let mut kept = KeptMoves::default();
        assert!(
            kept.keep_for(&case, 1.0).is_none(),
            "the first search scans"
        );
        assert!(kept.keep_for(&case, 1.0).is_some(), "the second ranks");
        search.rank(0, 0, &mut kept);
        // The tie goes to the lower option, as the scan breaks it.
        assert_eq!(&kept.ranking[0..5], &[1, 2, 4, 3, END]);
        assert_eq!(kept.ratios[1].to_bits(), kept.ratios[2].to_bits());
        // The first that fits the slack and is on the table.
        assert_eq!(
            search.ranked_move(0, 0, 0.5, &mut kept).map(|m| m.0),
            Some(1)
        );
        assert_eq!(search.ranked_move(0, 0, 0.2, &mut kept), None);
        let without_1 = [true, false, true, true, true];
        let thinned = Search {
            available: &without_1,
            ..search
        };
        assert_eq!(
            thinned.ranked_move(0, 0, 0.5, &mut kept).map(|m| m.0),
            Some(2)
        );
        // From option 4 every move loses the objective: nothing to rank.
        search.rank(0, 4, &mut kept);
        assert_eq!(&kept.ranking[20..25], &[END; 5]);
        assert_eq!([kept.state(0), kept.state(4)], [Ranked::Yes, Ranked::Yes]);
        // Forgotten, the rankings start over (and the first search scans again); so they do
        // for another sensitivity.
        kept.forget();
        assert!(kept.keep_for(&case, 1.0).is_none());
        assert_eq!([kept.state(0), kept.state(4)], [Ranked::No, Ranked::No]);
        search.rank(0, 0, &mut kept);
        assert!(kept.keep_for(&case, 0.5).is_none());
        assert_eq!([kept.state(0), kept.state(4)], [Ranked::No, Ranked::No]);
    }

    #[test]
    fn cost_sensitivity_is_lowest_for_high_other_concern_without_resistance() {
        assert_eq!(cost_sensitivity(0.0, 0.0), 1.0);
        assert_eq!(cost_sensitivity(0.9, 1.0), 1.0);
        assert!((cost_sensitivity(0.8, 0.2) - 0.36).abs() < 1e-12);
        assert!(cost_sensitivity(0.8, 0.2) < cost_sensitivity(0.8, 0.8));
        assert!(cost_sensitivity(0.8, 0.2) < cost_sensitivity(0.2, 0.2));
    }
}
