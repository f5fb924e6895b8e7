//! Cultures: a distribution of traits plus norms (decision rule, disclosure norm, facilitator).

use crate::error::{Error, Result};
use crate::fault::{Fault, Quantity};
use crate::model::label::Label;
use crate::model::traits::{TraitName, Traits};
use crate::rng::{Stream, normal};
use serde::{Deserialize, Serialize};

/// How a table decides whether a package is agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// Everyone accepts (the package reaches everyone's aspiration).
    #[default]
    Unanimity,
    /// More than half accept, and nobody who does not accept is pushed below their BATNA.
    Majority,
    /// Nobody objects; one objects when a package is closer to what an impasse is worth to
    /// one than to one's aspiration (see `consent_margin`), and always when it is worth less
    /// than an impasse.
    Consent,
}

impl DecisionRule {
    /// The config key.
    pub fn key(self) -> &'static str {
        match self {
            DecisionRule::Unanimity => "unanimity",
            DecisionRule::Majority => "majority",
            DecisionRule::Consent => "consent",
        }
    }
}

/// A trait's distribution in a culture: normal with this mean and spread, clamped to [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitDistribution {
    /// Mean, in [0, 1].
    pub mean: f64,
    /// Standard deviation before clamping, 0 or more.
    #[serde(default)]
    pub spread: f64,
}

/// One distribution per trait.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitDistributions {
    /// Openness.
    pub openness: TraitDistribution,
    /// Empathy.
    pub empathy: TraitDistribution,
    /// Concession willingness.
    pub concession_willingness: TraitDistribution,
    /// Assertiveness.
    pub assertiveness: TraitDistribution,
    /// World orientation.
    pub world_orientation: TraitDistribution,
    /// Creativity.
    pub creativity: TraitDistribution,
    /// Composure.
    pub composure: TraitDistribution,
    /// Trust propensity.
    pub trust_propensity: TraitDistribution,
}

impl TraitDistributions {
    /// The distributions in [`TraitName::ALL`] order.
    pub fn to_array(&self) -> [TraitDistribution; 8] {
        [
            self.openness,
            self.empathy,
            self.concession_willingness,
            self.assertiveness,
            self.world_orientation,
            self.creativity,
            self.composure,
            self.trust_propensity,
        ]
    }

    /// Draws one stakeholder's traits. The stream yields eight standard normal numbers in trait
    /// order, whatever the culture, so that the same person drawn from two cultures sits at the
    /// same quantiles of both (common random numbers).
    pub fn draw(&self, rng: &mut Stream) -> Traits {
        let d = self.to_array();
        let mut a = [0.0; 8];
        for (t, dist) in d.iter().enumerate() {
            let z = normal(rng);
            a[t] = (dist.mean + dist.spread * z).clamp(0.0, 1.0);
        }
        Traits::from_array(a)
    }

    /// Checks means in [0, 1] and finite spreads of 0 or more; errors carry the key.
    pub fn validate(&self) -> Result<()> {
        for (t, d) in TraitName::ALL.iter().zip(self.to_array()) {
            if !(0.0..=1.0).contains(&d.mean) || d.mean.is_nan() {
                return Err(Error::input(format!(
                    "a trait mean must be between 0 and 1, found {}",
                    d.mean
                ))
                .at_key(format!("{}.mean", t.key()))
                .with_fault(Fault::NotAFraction {
                    found: d.mean,
                    number: None,
                }));
            }
            if !d.spread.is_finite() || d.spread < 0.0 {
                return Err(Error::input(format!(
                    "a trait spread must be a finite number, 0 or more, found {}",
                    d.spread
                ))
                .at_key(format!("{}.spread", t.key()))
                .with_hint(
                    "a spread is a standard deviation on the 0-to-1 scale: 0.1 to 0.3 are usual",
                )
                .with_fault(Fault::OutOfRange {
                    quantity: Quantity::Spread,
                    found: d.spread,
                }));
            }
        }
        Ok(())
    }
}

/// Norms of a culture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norms {
    /// How the table decides.
    pub decision_rule: DecisionRule,
    /// Disclosure norm in [0, 1]: how much the culture expects people to share their interests.
    pub disclosure: f64,
    /// Whether tables get a neutral facilitator.
    pub facilitator: bool,
}

impl Norms {
    /// Checks ranges; errors carry the key.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.disclosure) || self.disclosure.is_nan() {
            return Err(Error::input(format!(
                "the disclosure norm must be between 0 and 1, found {}",
                self.disclosure
            ))
            .at_key("disclosure")
            .with_fault(Fault::NotAFraction {
                found: self.disclosure,
                number: None,
            }));
        }
        Ok(())
    }
}

/// A culture file: `configs/cultures/*.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Culture {
    /// Short name (defaults to the file name).
    #[serde(default)]
    pub name: String,
    /// What this culture stands for.
    #[serde(default)]
    pub description: Label,
    /// Trait distributions.
    pub traits: TraitDistributions,
    /// Norms.
    pub norms: Norms,
    /// The tactic its people negotiate with, by name: a built-in tactic's or a strategy
    /// registered by a library user (default: their own mindset). Checked where tactics are
    /// known, when the culture is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactic: Option<String>,
}

impl Culture {
    /// Checks the culture; errors carry the dotted key.
    pub fn validate(&self) -> Result<()> {
        self.traits.validate().map_err(|e| e.under("traits"))?;
        self.norms.validate().map_err(|e| e.under("norms"))
    }
}
