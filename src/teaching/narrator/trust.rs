//! Narrating turns in trust, each with its reason, and trust that keeps swinging.

use super::{Direction, Narrator};
use crate::teaching::catalogue::Msg;

/// Why a stakeholder's trust in another turned (see the concession step of the model).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TrustReason {
    /// The other's package now gives more than last round.
    BetterOffer,
    /// The other's package now gives less than last round.
    WorseOffer,
    /// It gave ground itself and the other did not move towards it.
    Unanswered,
    /// Not told (the packages needed to tell it are missing).
    Untold,
}

impl<'a> Narrator<'a> {
    /// Why `from`'s trust in `to` turned this round, from their last two packages: the
    /// model raises trust when the other's package improved for one, and lowers it when it got
    /// worse or when one gave ground and the other did not move.
    pub(super) fn trust_reason(&self, from: usize, to: usize, grows: bool) -> TrustReason {
        // What the last two packages of `s` were worth to `from`, read as moves are read.
        let worth = |s: usize| match (&self.previous[s], &self.last[s]) {
            (Some(old), Some(new)) => {
                Some((self.case.utility(from, old), self.case.utility(from, new)))
            }
            _ => None,
        };
        match (grows, worth(to), worth(from)) {
            (true, Some((old, new)), _) if Direction::rose(old, new) => TrustReason::BetterOffer,
            (false, Some((old, new)), _) if Direction::fell(old, new) => TrustReason::WorseOffer,
            (false, Some(_), Some((old, new))) if Direction::fell(old, new) => {
                TrustReason::Unanswered
            }
            _ => TrustReason::Untold,
        }
    }

    /// Trust turning points, grouped by who trusts and why.
    /// Keeps in `turns` the first two turns of trust between each pair; returns the pairs
    /// whose trust turned a third time (told once as swinging) and drops later turns.
    pub(super) fn keep_trust_turns_told(
        &mut self,
        turns: &mut Vec<(usize, usize, bool)>,
    ) -> Vec<(usize, usize)> {
        let n = self.case.n;
        let mut swinging = Vec::new();
        turns.retain(|&(from, to, _)| {
            let told = &mut self.trust_turns[from * n + to];
            *told = told.saturating_add(1);
            if *told == 3 {
                swinging.push((from, to));
            }
            *told <= 2
        });
        swinging
    }

    /// "Trust keeps swinging: A trusts B one round and not the next", one line per truster.
    pub(super) fn swing_lines(&self, pairs: &[(usize, usize)]) -> Vec<String> {
        (0..self.case.n)
            .filter_map(|from| {
                let whom: Vec<&str> = pairs
                    .iter()
                    .filter(|p| p.0 == from)
                    .map(|p| self.name(p.1))
                    .collect();
                (!whom.is_empty()).then(|| {
                    self.speak.sentence(
                        Msg::TrustSwings,
                        &[("who", self.name(from)), ("list", &self.speak.list(&whom))],
                    )
                })
            })
            .collect()
    }

    pub(super) fn trust_lines(&self, turns: &[(usize, usize, bool)]) -> Vec<String> {
        let mut lines = Vec::new();
        let reasons = [
            TrustReason::BetterOffer,
            TrustReason::Untold,
            TrustReason::WorseOffer,
            TrustReason::Unanswered,
        ];
        for grows in [true, false] {
            for from in 0..self.case.n {
                for reason in reasons {
                    let whom: Vec<&str> = turns
                        .iter()
                        .filter(|t| {
                            t.0 == from
                                && t.2 == grows
                                && self.trust_reason(from, t.1, grows) == reason
                        })
                        .map(|t| self.name(t.1))
                        .collect();
                    if whom.is_empty() {
                        continue;
                    }
                    let one = whom.len() == 1;
                    let msg = match (reason, grows) {
                        (TrustReason::BetterOffer, _) if one => Msg::TrustBetterOffer,
                        (TrustReason::BetterOffer, _) => Msg::TrustBetterOffers,
                        (TrustReason::WorseOffer, _) if one => Msg::TrustWorseOffer,
                        (TrustReason::WorseOffer, _) => Msg::TrustWorseOffers,
                        (TrustReason::Unanswered, _) => Msg::TrustUnanswered,
                        (TrustReason::Untold, true) => Msg::TrustGrows,
                        (TrustReason::Untold, false) => Msg::TrustBreaks,
                    };
                    lines.push(self.speak.sentence(
                        msg,
                        &[("who", self.name(from)), ("list", &self.speak.list(&whom))],
                    ));
                }
            }
        }
        lines
    }
}
