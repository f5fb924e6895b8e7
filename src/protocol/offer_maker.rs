//! A negotiator's offer-making state under alternating offers, as NegMAS's time-based
//! negotiators keep it: its acceptance range on an aspiration curve and its offer rule over the
//! case's utility inverters. Used by the classic tactics ([`super::alternating`]) and shown to
//! plug-in strategies ([`super::strategy`]).

use crate::model::prepared::PreparedCase;
use crate::protocol::inverter::Inverter;
use bevy_ecs::prelude::*;
use std::sync::Arc;

/// NegMAS's margin below the aspiration curve (`eps` of its utility-based negotiators).
const THRESHOLD_MARGIN: f64 = 1e-4;
/// NegMAS's tolerance for offering the package just below the threshold (its inverter's `EPS`).
const NEAR_BELOW: f64 = 1e-6;

/// A negotiator's offer-making state under alternating offers.
#[derive(Component, Clone, Debug)]
pub struct OfferMaker {
    /// Utility inverters of the case's stakeholders (shared per case).
    pub inverters: Arc<Vec<Inverter>>,
    /// Largest utility.
    pub best: f64,
    /// max(smallest utility, BATNA).
    pub worst: f64,
    /// Tit-for-tat: current target utility.
    pub target: f64,
    /// Tit-for-tat: utility of the last offer received.
    pub last_received: Option<f64>,
}

impl OfferMaker {
    /// Aspiration of a time-based tactic with exponent e at relative time t: 1 - t^(1/e)
    /// (NegMAS's `PolyAspiration` with exponent 1/e).
    pub fn aspiration(e: f64, t: f64) -> f64 {
        1.0 - libm::pow(t, 1.0 / e)
    }

    /// The acceptance range [lower, upper] at an aspiration level, as NegMAS's
    /// `scale_utilities`: the aspiration scaled onto [worst, best], widened by the margin and
    /// clamped to [worst, best]. Written with max/min, not `clamp`, because a BATNA above the
    /// best utility makes the range empty (NegMAS then never accepts).
    pub fn range(&self, aspiration: f64) -> (f64, f64) {
        let span = self.best - self.worst;
        let lower = (span * aspiration + self.worst) - THRESHOLD_MARGIN;
        let upper = (span * 1.0 + self.worst) + THRESHOLD_MARGIN;
        (
            lower.min(self.best).max(self.worst),
            upper.min(self.best).max(self.worst),
        )
    }

    /// Threshold (lower end of the acceptance range) of a time-based tactic with exponent e at
    /// relative time t.
    pub fn threshold(&self, e: f64, t: f64) -> f64 {
        self.range(Self::aspiration(e, t)).0
    }

    /// NegMAS's offer rule: the package with the smallest utility at or above `target`; but the
    /// package just below the target instead when it lies within 1e-6 of it and strictly
    /// closer (whether or not it beats the BATNA, as in NegMAS); the best package if none
    /// reaches the target.
    pub fn offer(&self, s: usize, target: f64, package: &mut [u8]) {
        let inverter = &self.inverters[s];
        let near = inverter.around(target, target - NEAR_BELOW);
        match near.above {
            Some(above) => {
                let chosen = match near.below {
                    Some(below) if target - below.utility < above.utility - target => below,
                    _ => above,
                };
                inverter.write(&chosen, package);
            }
            None => package.copy_from_slice(&inverter.best),
        }
    }
}

/// Builds the offer maker of seat `s`.
pub fn offer_maker(case: &PreparedCase, inverters: Arc<Vec<Inverter>>, s: usize) -> OfferMaker {
    let best = inverters[s].max_utility;
    let worst = inverters[s].min_utility.max(case.batna[s]);
    OfferMaker {
        inverters,
        best,
        worst,
        target: best,
        last_received: None,
    }
}
