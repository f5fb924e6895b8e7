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

impl Search<'_> {
    /// Improves `package` in place. `slack` is how much own utility the searcher may still
    /// give up (its current utility minus its aspiration). Returns the slack left.
    pub fn concede(&self, package: &mut [u8], mut slack: f64) -> f64 {
        let case = self.case;
        // Every accepted move raises the objective strictly, so the loop ends; the cap only
        // guards against pathological floating-point cycles.
        let max_moves = 4 * case.total + 8;
        for _ in 0..max_moves {
            let mut best: Option<(usize, u8, f64, f64)> = None; // issue, option, ratio, own delta
            for i in 0..case.k {
                if !self.movable[i] {
                    continue;
                }
                let cur = case.flat(i, package[i] as usize);
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
                    if best.is_none_or(|b| ratio > b.2) {
                        best = Some((i, o as u8, ratio, d_own));
                    }
                }
            }
            match best {
                Some((i, o, _, d_own)) => {
                    package[i] = o;
                    slack += d_own;
                }
                None => break,
            }
        }
        slack
    }
}
