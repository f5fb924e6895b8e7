//! Every constant of the behavioural model, with its default and the reason for it.
//! `docs/model.md` documents each one; a scenario may override any of them under `[parameters]`
//! (and sweep them like any other key).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Model parameters. Defaults are chosen so that the published qualitative findings hold
/// (collaborative beats positional on integrative cases; problem solving beats yielding).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Parameters {
    /// Standard deviation of perception noise when a listener with empathy 0 hears a
    /// disclosure; it falls linearly to 0 at empathy 1.
    pub listening_noise: f64,
    /// Share of a disclosure taken on board by a listener with openness 0 (rises linearly to 1
    /// at openness 1): even closed minds hear something.
    pub uptake_min: f64,
    /// Communication load: how much the statements a listener hears in one round share its
    /// attention. Each statement's uptake is multiplied by `1 / (1 + load * (heard - 1))`:
    /// 1 means a fixed capacity per round (as much as from the one speaker at a table of two),
    /// 0 unlimited attention.
    pub communication_load: f64,
    /// Belief memory: how many of the others a listener keeps individual beliefs about. At a
    /// larger table it remembers the seats it heard most recently and holds one general
    /// impression of the rest (Dunbar 1992, 1998: about 150 individuals).
    pub belief_memory: usize,
    /// How much full stress narrows the mind: effective openness, empathy and creativity are
    /// multiplied by `1 - stress_narrowing * stress`.
    pub stress_narrowing: f64,
    /// Weight of world value when accepting: a package is accepted if
    /// `U + world_acceptance * world_orientation * (W - world_threshold) >= aspiration`.
    pub world_acceptance: f64,
    /// Under consent, one objects to a package below `batna + consent_margin * (aspiration - batna)`.
    pub consent_margin: f64,
    /// Floor under aspiration: `batna + assertiveness * floor_share * (ideal - batna)`.
    pub floor_share: f64,
    /// Concession clock slowdown when one conceded last round and the others did not.
    pub exploitation_slowdown: f64,
    /// Smallest utility change that counts as a concession or as progress.
    pub progress_epsilon: f64,
    /// Trust gained (share of the distance to 1) when the other concedes towards you.
    pub trust_gain: f64,
    /// Trust lost (share of current trust) when the other retracts.
    pub trust_loss: f64,
    /// Trust repaired per round, times empathy, towards one's trust propensity when the other
    /// makes a move towards you.
    pub trust_repair: f64,
    /// Stress added per stalemate round, times `1 - composure`, `2 * round / deadline` (time
    /// pressure) and `30 / deadline` (so a longer deadline does not by itself add stress).
    pub stress_rate: f64,
    /// Stress relieved per round with progress.
    pub stress_relief: f64,
    /// Stress above which a stakeholder may walk out.
    pub walkout_stress: f64,
    /// Walk-out chance per round at full stress (linear from `walkout_stress`).
    pub walkout_rate: f64,
    /// Impasse aversion: how far below the BATNA an impasse is valued when it is about to
    /// happen, as a share of the BATNA: with `R` rounds left (the current one included) an
    /// impasse is worth `batna * (1 - impasse_aversion / R)`. Nobody accepts less, a stressed
    /// stakeholder walks out only when nothing on the table is worth more, and a lone holdout
    /// gives way towards it (`holdout_pressure`).
    pub impasse_aversion: f64,
    /// Group pressure on a lone holdout: the share of the way from its aspiration to what an
    /// impasse is worth to it that a stakeholder gives way when it alone does not accept a
    /// package everybody else accepts, facing a majority of three or more; the rest of the way
    /// closes as the deadline nears (`1 / R` with `R` rounds left).
    pub holdout_pressure: f64,
    /// Chance per stalemate round, times effective creativity, of discovering a hidden option.
    pub discovery_rate: f64,
    /// Share of the remaining reluctance to disclose that a facilitator removes by eliciting.
    pub facilitator_elicitation: f64,
    /// Stress a facilitator takes away per round.
    pub facilitator_calming: f64,
    /// Share of the gap to full other-concern that a facilitator's reframing closes.
    pub facilitator_reframing: f64,
    /// Weight of world value in the facilitator's single negotiating text.
    pub facilitator_world_weight: f64,
    /// Largest outcome space whose whole Pareto frontier a view (chart, narration) enumerates
    /// (at most [`MAX_EXACT_OUTCOME_BOUND`], and only while the enumeration fits in
    /// [`crate::metrics::outcome_space::MAX_ENUMERATION_BYTES`]); 0 skips the Pareto metrics.
    /// The metrics themselves are exact at any size ([`crate::metrics::search`]).
    pub exact_outcome_bound: u64,
    /// Round after which `early_belief_accuracy` is measured (how fast beliefs become
    /// accurate; the fixed-pie bias).
    pub early_round: u32,
}

/// Largest `exact_outcome_bound` accepted.
pub const MAX_EXACT_OUTCOME_BOUND: u64 = 100_000_000;

impl Default for Parameters {
    fn default() -> Parameters {
        Parameters {
            listening_noise: 0.3,
            uptake_min: 0.2,
            communication_load: 1.0,
            belief_memory: 150,
            stress_narrowing: 0.5,
            world_acceptance: 0.25,
            consent_margin: 0.5,
            floor_share: 0.4,
            exploitation_slowdown: 0.3,
            progress_epsilon: 0.005,
            trust_gain: 0.1,
            trust_loss: 0.15,
            trust_repair: 0.1,
            stress_rate: 0.1,
            stress_relief: 0.05,
            walkout_stress: 0.85,
            walkout_rate: 0.5,
            impasse_aversion: 0.25,
            holdout_pressure: 1.0 / 3.0,
            discovery_rate: 0.2,
            facilitator_elicitation: 0.3,
            facilitator_calming: 0.03,
            facilitator_reframing: 0.3,
            facilitator_world_weight: 0.5,
            exact_outcome_bound: 1_000_000,
            early_round: 3,
        }
    }
}

impl Parameters {
    /// Checks ranges; errors carry the key.
    pub fn validate(&self) -> Result<()> {
        let unit = [
            ("uptake_min", self.uptake_min),
            ("communication_load", self.communication_load),
            ("stress_narrowing", self.stress_narrowing),
            ("consent_margin", self.consent_margin),
            ("floor_share", self.floor_share),
            ("exploitation_slowdown", self.exploitation_slowdown),
            ("trust_gain", self.trust_gain),
            ("trust_loss", self.trust_loss),
            ("trust_repair", self.trust_repair),
            ("stress_rate", self.stress_rate),
            ("stress_relief", self.stress_relief),
            ("walkout_stress", self.walkout_stress),
            ("walkout_rate", self.walkout_rate),
            ("impasse_aversion", self.impasse_aversion),
            ("holdout_pressure", self.holdout_pressure),
            ("discovery_rate", self.discovery_rate),
            ("facilitator_elicitation", self.facilitator_elicitation),
            ("facilitator_calming", self.facilitator_calming),
            ("facilitator_reframing", self.facilitator_reframing),
        ];
        for (k, v) in unit {
            if !(0.0..=1.0).contains(&v) || v.is_nan() {
                return Err(
                    Error::input(format!("{k} must be between 0 and 1, found {v}")).at_key(k),
                );
            }
        }
        let nonneg = [
            ("listening_noise", self.listening_noise),
            ("world_acceptance", self.world_acceptance),
            ("progress_epsilon", self.progress_epsilon),
            ("facilitator_world_weight", self.facilitator_world_weight),
        ];
        for (k, v) in nonneg {
            if (v.is_nan() || v < 0.0) || !v.is_finite() {
                return Err(Error::input(format!("{k} must be 0 or more, found {v}")).at_key(k));
            }
        }
        if self.exact_outcome_bound > MAX_EXACT_OUTCOME_BOUND {
            return Err(Error::input(format!(
                "exact_outcome_bound must be at most {MAX_EXACT_OUTCOME_BOUND}, found {}",
                self.exact_outcome_bound
            ))
            .at_key("exact_outcome_bound")
            .with_hint(
                "every package of an exactly computed outcome space is held in memory with every stakeholder's utility; larger spaces are approximated",
            ));
        }
        if self.belief_memory == 0 {
            return Err(Error::input("belief_memory must be at least 1, found 0")
                .at_key("belief_memory")
                .with_hint(
                    "it is how many others a listener keeps individual beliefs about, e.g. belief_memory = 150",
                ));
        }
        if self.early_round == 0 {
            return Err(Error::input("early_round must be at least 1, found 0")
                .at_key("early_round")
                .with_hint("beliefs are measured after that round, e.g. early_round = 3"));
        }
        if self.walkout_stress >= 1.0 {
            return Err(Error::input("walkout_stress must be below 1").at_key("walkout_stress"));
        }
        Ok(())
    }
}
