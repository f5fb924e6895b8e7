//! How a stakeholder's beliefs about the others' interests are read: belief rows, one per seat
//! within the listener's belief memory, or a general impression shared by every seat it does
//! not remember beyond it (see [`crate::protocol::components::Beliefs`]). Strategies of one's
//! own read them through the same view.

/// A read-only view of what a stakeholder believes each seat values.
#[derive(Clone, Copy, Debug)]
pub struct BeliefView<'a> {
    row_of: &'a [u32],
    weights: &'a [f64],
    valuations: &'a [f64],
    k: usize,
    total: usize,
}

impl<'a> BeliefView<'a> {
    /// A view of belief rows: `weights` of `k` per row, `valuations` of `total` per row, and
    /// `row_of[t]` the row that holds seat t (empty: row t).
    pub fn new(
        row_of: &'a [u32],
        weights: &'a [f64],
        valuations: &'a [f64],
        k: usize,
        total: usize,
    ) -> BeliefView<'a> {
        BeliefView {
            row_of,
            weights,
            valuations,
            k,
            total,
        }
    }

    /// Whether some seats share one belief row (the listener is beyond its belief memory).
    #[inline]
    pub fn bounded(&self) -> bool {
        !self.row_of.is_empty()
    }

    /// The belief row that holds the beliefs about seat `t`.
    #[inline(always)]
    pub fn row(&self, t: usize) -> usize {
        if self.row_of.is_empty() {
            t
        } else {
            self.row_of[t] as usize
        }
    }

    /// The believed (unnormalised) priorities of seat `t`, per issue.
    #[inline]
    pub fn weights_of(&self, t: usize) -> &'a [f64] {
        let r = self.row(t);
        &self.weights[r * self.k..(r + 1) * self.k]
    }

    /// The believed valuations of seat `t`, per flat option (one's own row holds one's own).
    #[inline]
    pub fn valuations_of(&self, t: usize) -> &'a [f64] {
        let r = self.row(t);
        &self.valuations[r * self.total..(r + 1) * self.total]
    }
}
