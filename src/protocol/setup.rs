//! What a process needs to run: the case, who sits at the table, and the rules.

use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::model::traits::Traits;
use crate::protocol::parameters::Parameters;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::strategy::{self, StrategyId};
use crate::rng::StreamKey;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// In what order issues are negotiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Agenda {
    /// Whole packages: every issue is open at once.
    #[default]
    Package,
    /// Issue by issue in the case's issue order (or `agenda_order`); each agreed issue is final.
    Sequential,
}

/// How a stakeholder negotiates. In config files a name (`"boulware"`, or a strategy
/// registered with [`strategy::register`]) or `{ time_based = E }`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Tactic {
    /// Driven by the stakeholder's traits (negsim's model).
    #[default]
    Mindset,
    /// Time-based, exponent 0.25: concedes late (target falls as t^4).
    Boulware,
    /// Time-based, exponent 1: concedes linearly.
    Linear,
    /// Time-based, exponent 4: concedes early (target falls as t^0.25).
    Conceder,
    /// Time-based with exponent e: target = best - (best - reservation) * t^(1/e).
    TimeBased(f64),
    /// Concedes, in its own utility, as much as the others conceded last round.
    TitForTat,
    /// A strategy registered by a library user ([`strategy::register`]).
    Custom(StrategyId),
}

impl Tactic {
    /// Exponent e of a time-based tactic (f(t) = t^(1/e)), if it is one.
    pub fn exponent(self) -> Option<f64> {
        match self {
            Tactic::Boulware => Some(0.25),
            Tactic::Linear => Some(1.0),
            Tactic::Conceder => Some(4.0),
            Tactic::TimeBased(e) => Some(e),
            Tactic::Mindset | Tactic::TitForTat | Tactic::Custom(_) => None,
        }
    }

    /// Name for output.
    pub fn key(self) -> String {
        match self {
            Tactic::Mindset => "mindset".into(),
            Tactic::Boulware => "boulware".into(),
            Tactic::Linear => "linear".into(),
            Tactic::Conceder => "conceder".into(),
            Tactic::TimeBased(e) => format!("time_based({e})"),
            Tactic::TitForTat => "tit_for_tat".into(),
            Tactic::Custom(id) => id.name(),
        }
    }

    /// The tactic a name stands for: a built-in one's or a registered strategy's.
    pub fn named(name: &str) -> Option<Tactic> {
        Some(match name {
            "mindset" => Tactic::Mindset,
            "boulware" => Tactic::Boulware,
            "linear" => Tactic::Linear,
            "conceder" => Tactic::Conceder,
            "tit_for_tat" => Tactic::TitForTat,
            _ => Tactic::Custom(strategy::lookup(name)?),
        })
    }
}

impl Serialize for Tactic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Tactic::TimeBased(e) => {
                serializer.serialize_newtype_variant("Tactic", 4, "time_based", &e)
            }
            other => serializer.serialize_str(&other.key()),
        }
    }
}

impl<'de> Deserialize<'de> for Tactic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tactic, D::Error> {
        deserializer.deserialize_any(TacticVisitor)
    }
}

/// Reads a tactic's name, or `{ time_based = E }`.
struct TacticVisitor;

impl<'de> serde::de::Visitor<'de> for TacticVisitor {
    type Value = Tactic;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a tactic's name or { time_based = E }")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Tactic, E> {
        if name == "time_based" {
            return Err(E::custom(
                "a time-based tactic needs its exponent: write { time_based = 0.5 } (below 1 concedes late, above 1 early)",
            ));
        }
        Tactic::named(name).ok_or_else(|| {
            // serde's own wording, so that the message gets its "did you mean" hint; the
            // registered strategies are among the names.
            let names: Vec<String> = strategy::BUILT_IN
                .iter()
                .map(|n| n.to_string())
                .chain(strategy::registered())
                .map(|n| format!("`{n}`"))
                .collect();
            E::custom(format!(
                "unknown variant `{name}`, expected one of {}",
                names.join(", ")
            ))
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tactic, A::Error> {
        use serde::de::Error;
        let Some(key) = map.next_key::<String>()? else {
            return Err(A::Error::custom(
                "expected { time_based = E }, found an empty table",
            ));
        };
        if key != "time_based" {
            return Err(A::Error::custom(format!(
                "unknown variant `{key}`, expected `time_based`"
            )));
        }
        let e: f64 = map.next_value()?;
        if map.next_key::<String>()?.is_some() {
            return Err(A::Error::custom("expected { time_based = E } alone"));
        }
        Ok(Tactic::TimeBased(e))
    }
}

/// The rules of one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Protocol.
    pub protocol: ProtocolKind,
    /// Rounds before an impasse.
    pub deadline: u32,
    /// Agenda.
    pub agenda: Agenda,
    /// Issue order for a sequential agenda (indices into the case's issues).
    pub agenda_order: Vec<usize>,
    /// Decision rule.
    pub decision_rule: DecisionRule,
    /// Disclosure norm in [0, 1].
    pub disclosure: f64,
    /// Whether a facilitator sits at the table.
    pub facilitator: bool,
    /// Follow NegMAS to the letter, even where it lets a party end below its BATNA (a party
    /// whose every package is worse than its BATNA still proposes). Only replays of NegMAS runs
    /// set this; negsim itself has that party leave the table.
    pub mirror_negmas: bool,
}

/// One stakeholder at the table.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatSetup {
    /// Traits.
    pub traits: Traits,
    /// Tactic.
    pub tactic: Tactic,
}

/// What to record while a process runs. Recording never changes a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Observe {
    /// One record per stakeholder per round (`rounds.csv`).
    pub rounds: bool,
    /// Every event, for narration and charts.
    pub transcript: bool,
}

/// Everything one process needs.
#[derive(Clone, Debug)]
pub struct TableSetup {
    /// The case.
    pub case: Arc<PreparedCase>,
    /// Seats in case order.
    pub seats: Vec<SeatSetup>,
    /// Rules.
    pub rules: Rules,
    /// Model parameters.
    pub params: Arc<Parameters>,
    /// Random stream key of this process.
    pub streams: StreamKey,
    /// Pairwise trust to start from, `[s * n + t]` (else each stakeholder's trust propensity).
    pub initial_trust: Option<Vec<f64>>,
    /// What to record.
    pub observe: Observe,
}
