//! A scenario: everything one table needs, as configured. The `[base]` of an experiment file,
//! merged with a condition, a culture and a sweep point, becomes one resolved [`Scenario`].

use crate::error::{Error, Result};
use crate::model::culture::{Norms, TraitDistributions};
use crate::model::generator::CaseGenerator;
use crate::model::organisation::OrganisationConfig;
use crate::model::traits::{TraitName, Traits};
use crate::protocol::parameters::Parameters;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::{Agenda, Tactic};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Default deadline in rounds.
pub const DEFAULT_DEADLINE: u32 = 30;
/// Culture used when a scenario names none.
pub const DEFAULT_CULTURE: &str = "mixed";

/// Longest deadline, in rounds.
pub const MAX_DEADLINE: u32 = 1_000_000;

fn default_deadline() -> u32 {
    DEFAULT_DEADLINE
}

/// Reads a deadline, refusing one beyond [`MAX_DEADLINE`] with that limit, however large the
/// number (a whole number that does not fit 32 bits included).
fn deadline_rounds<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u32, D::Error> {
    let rounds = u64::deserialize(d)?;
    u32::try_from(rounds)
        .ok()
        .filter(|&r| r <= MAX_DEADLINE)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "the deadline must be at most {MAX_DEADLINE} rounds, found {rounds}"
            ))
        })
}

fn default_culture() -> String {
    DEFAULT_CULTURE.to_string()
}

/// One table's configuration, fully resolved (culture expanded into `traits` and `norms`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A hand-written case: a name in `configs/cases/` or a path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// A generated case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_generator: Option<CaseGenerator>,
    /// The culture people are drawn from (a name in `configs/cultures/` or a path).
    #[serde(default = "default_culture")]
    pub culture: String,
    /// Trait distributions (from the culture, overridable key by key).
    pub traits: TraitDistributions,
    /// Norms (from the culture, overridable key by key).
    pub norms: Norms,
    /// Rounds before an impasse.
    #[serde(default = "default_deadline", deserialize_with = "deadline_rounds")]
    pub deadline: u32,
    /// `package` or `sequential`.
    #[serde(default)]
    pub agenda: Agenda,
    /// Issue keys in negotiation order for a sequential agenda (default: the case's order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda_order: Vec<String>,
    /// `mindset` (negsim's round) or `alternating_offers` (classic tactics).
    #[serde(default)]
    pub protocol: ProtocolKind,
    /// The tactic every stakeholder negotiates with unless a pin names another (from the
    /// culture, overridable): a built-in tactic or a registered strategy; none is their own
    /// mindset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactic: Option<Tactic>,
    /// Per-stakeholder pins by stakeholder key: fixed traits and tactics.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub stakeholders: IndexMap<String, StakeholderPin>,
    /// Model parameters.
    #[serde(default)]
    pub parameters: Parameters,
    /// An organisation over time: the unit of the experiment becomes an organisation run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationConfig>,
}

/// Fixed traits or a tactic for one stakeholder, overriding the culture's draw.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderPin {
    /// Openness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openness: Option<f64>,
    /// Empathy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empathy: Option<f64>,
    /// Concession willingness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concession_willingness: Option<f64>,
    /// Assertiveness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertiveness: Option<f64>,
    /// World orientation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub world_orientation: Option<f64>,
    /// Creativity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creativity: Option<f64>,
    /// Composure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composure: Option<f64>,
    /// Trust propensity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_propensity: Option<f64>,
    /// Tactic (classic tactics need `protocol = "alternating_offers"`; a registered strategy
    /// plays under either protocol).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactic: Option<Tactic>,
}

impl StakeholderPin {
    /// Pinned traits in [`TraitName::ALL`] order.
    pub fn pinned(&self) -> [Option<f64>; 8] {
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

    /// Applies the pins to drawn traits.
    pub fn apply(&self, traits: &mut Traits) {
        for (name, value) in TraitName::ALL.iter().zip(self.pinned()) {
            if let Some(v) = value {
                traits.set(*name, v);
            }
        }
    }
}

impl Scenario {
    /// Checks everything that does not need the case; errors carry the dotted key.
    pub fn validate(&self) -> Result<()> {
        match (&self.case, &self.case_generator) {
            (None, None) => {
                return Err(Error::input(
                    "no case: set `case` (a case name or file) or a `[case_generator]` table",
                )
                .at_key("case")
                .with_hint("for example: case = \"job-offer\""));
            }
            (Some(_), Some(_)) => {
                return Err(
                    Error::input("both `case` and `case_generator` are set; use one")
                        .at_key("case_generator"),
                );
            }
            _ => {}
        }
        if let Some(g) = &self.case_generator {
            g.validate().map_err(|e| e.under("case_generator"))?;
        }
        if self.deadline == 0 {
            return Err(
                Error::input("the deadline must be at least 1 round, found 0")
                    .at_key("deadline")
                    .with_hint("a typical deadline is 20 to 100 rounds"),
            );
        }
        if self.deadline > MAX_DEADLINE {
            return Err(Error::input(format!(
                "the deadline must be at most {MAX_DEADLINE} rounds, found {}",
                self.deadline
            ))
            .at_key("deadline"));
        }
        self.traits.validate().map_err(|e| e.under("traits"))?;
        self.norms.validate().map_err(|e| e.under("norms"))?;
        self.parameters
            .validate()
            .map_err(|e| e.under("parameters"))?;
        if !self.agenda_order.is_empty() && self.agenda != Agenda::Sequential {
            return Err(
                Error::input("`agenda_order` only applies to agenda = \"sequential\"")
                    .at_key("agenda_order"),
            );
        }
        if self.protocol == ProtocolKind::AlternatingOffers && self.norms.facilitator {
            return Err(Error::input(
                "a facilitator only sits at mindset tables; alternating offers has none",
            )
            .at_key("norms.facilitator")
            .with_hint("set norms.facilitator = false, or protocol = \"mindset\""));
        }
        if let Some(org) = &self.organisation {
            org.validate().map_err(|e| e.under("organisation"))?;
            if self.protocol != ProtocolKind::Mindset {
                return Err(
                    Error::input("organisations negotiate with the mindset protocol")
                        .at_key("protocol"),
                );
            }
            if !self.stakeholders.is_empty() {
                return Err(Error::input("stakeholder pins do not apply to organisations: people are drawn from the culture")
                    .at_key("stakeholders"));
            }
            if self.norms.facilitator {
                // Reported where the lever belongs: the norm may come from a bundled culture.
                return Err(Error::input(
                    "the culture's norms seat a facilitator (norms.facilitator), but in an organisation facilitators are a lever with a share and a cost",
                )
                .at_key("organisation.facilitation")
                .with_hint(
                    "use organisation.facilitation = { share = 1.0 } for a facilitator at every table, and a culture without one (e.g. positional instead of positional-facilitated)",
                ));
            }
        }
        for (key, pin) in &self.stakeholders {
            for (name, value) in TraitName::ALL.iter().zip(pin.pinned()) {
                if let Some(v) = value
                    && (!(0.0..=1.0).contains(&v) || v.is_nan())
                {
                    return Err(Error::input(format!(
                        "a trait must be between 0 and 1, found {v}"
                    ))
                    .at_key(format!("stakeholders.{key}.{}", name.key())));
                }
            }
            if let Some(t) = pin.tactic {
                self.check_tactic(t, &format!("stakeholders.{key}.tactic"))?;
            }
        }
        if let Some(t) = self.tactic {
            if self.organisation.is_some() && t != Tactic::Mindset {
                return Err(Error::input(format!(
                    "tactic `{}`: in an organisation people negotiate with their own mindset, which training and culture change over time",
                    t.key()
                ))
                .at_key("tactic")
                .with_hint("use a culture without a tactic for organisations"));
            }
            self.check_tactic(t, "tactic")?;
        }
        Ok(())
    }

    /// Whether a tactic can play at this scenario's tables: a classic tactic needs
    /// alternating offers (a registered strategy and the mindset play under either), and a
    /// time-based exponent is above 0.
    fn check_tactic(&self, t: Tactic, key: &str) -> Result<()> {
        let classic = !matches!(t, Tactic::Mindset | Tactic::Custom(_));
        if classic && self.protocol != ProtocolKind::AlternatingOffers {
            return Err(Error::input(format!(
                "tactic `{}` is a classic tactic; it needs protocol = \"alternating_offers\"",
                t.key()
            ))
            .at_key(key)
            .with_hint(
                "set protocol = \"alternating_offers\", or name a registered strategy or \"mindset\", which play at mindset tables too",
            ));
        }
        if let Tactic::TimeBased(e) = t
            && !(e > 0.0 && e.is_finite())
        {
            return Err(
                Error::input(format!("a time-based exponent must be above 0, found {e}"))
                    .at_key(key),
            );
        }
        Ok(())
    }

    /// Whether a registered strategy sits at any of its tables (it then searches the
    /// outcome space as classic tactics do).
    pub fn seats_a_strategy(&self) -> bool {
        self.tactic
            .into_iter()
            .chain(self.stakeholders.values().filter_map(|p| p.tactic))
            .any(|t| matches!(t, Tactic::Custom(_)))
    }
}
