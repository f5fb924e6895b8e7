//! The package search behind every mindset proposal: start from one's ideal and concede,
//! option by option, where a unit of one's own utility buys the most of what one cares about
//! for others (believed others' value, world value, closeness to their positions), while
//! staying at or above one's aspiration.
//!
//! This is the greedy solution of a multiple-choice knapsack: with accurate beliefs and high
//! other-concern it finds logrolling trades (concede on what matters little to you and much to
//! them); with the fixed-pie prior every concession looks like a pure loss, so the search
//! drifts to splitting the difference on positions.

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
}

/// The best feasible move on one issue: (option, ratio, own utility change).
type Move = Option<(u8, f64, f64)>;

impl Search<'_> {
    /// The move on issue `i` with the highest objective gain per unit of own utility, among
    /// those that keep the searcher at or above its aspiration (ties: the lowest option).
    fn best_move(&self, i: usize, current: u8, slack: f64) -> Move {
        let case = self.case;
        let cur = case.flat(i, current as usize);
        let mut best: Move = None;
        for o in 0..case.options[i] {
            let f = case.flat(i, o);
            if f == cur || !self.available[f] {
                continue;
            }
            let d_own = self.own[f] - self.own[cur];
            let d_obj = self.objective[f] - self.objective[cur];
            if d_obj <= 1e-12 || slack + d_own < -1e-12 {
                continue;
            }
            // Free gains (no own loss) come first, largest gain first.
            let ratio = if d_own >= 0.0 {
                1e12 + d_obj
            } else {
                d_obj / -d_own
            };
            if best.is_none_or(|b| ratio > b.1) {
                best = Some((o as u8, ratio, d_own));
            }
        }
        best
    }

    /// Improves `package` in place. `slack` is how much own utility the searcher may still
    /// give up (its current utility minus its aspiration). Returns the slack left.
    ///
    /// Each issue's best move is cached and recomputed only when that issue moved, when the
    /// slack shrank below what the move needs, or when the slack grew; this gives the same
    /// moves as rescanning every option after every move, in a fraction of the time.
    pub fn concede(&self, package: &mut [u8], mut slack: f64) -> f64 {
        let case = self.case;
        let k = case.k;
        let mut best = [None; crate::model::case::MAX_ISSUES];
        for i in 0..k {
            if self.movable[i] {
                best[i] = self.best_move(i, package[i], slack);
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
                best[i] = self.best_move(i, package[i], slack);
                continue;
            }
            package[i] = o;
            slack += d_own;
            if d_own > 0.0 {
                for j in 0..k {
                    if self.movable[j] {
                        best[j] = self.best_move(j, package[j], slack);
                    }
                }
            } else {
                best[i] = self.best_move(i, package[i], slack);
            }
        }
        slack
    }
}
