//! The mindset: eight traits, each in [0, 1] (docs/model.md, section 2).

use serde::{Deserialize, Serialize};

/// One of the eight mindset traits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraitName {
    /// Disclosing own priorities truthfully; taking others' disclosed interests on board.
    Openness,
    /// Accuracy of listening and concern for the others' outcome.
    Empathy,
    /// How fast aspiration falls over time (low = Boulware, high = Conceder).
    ConcessionWillingness,
    /// Resistance to yielding: the floor under aspiration, above BATNA.
    Assertiveness,
    /// Weight on world value in what one proposes and accepts.
    WorldOrientation,
    /// Chance to discover hidden options when progress stalls.
    Creativity,
    /// How slowly stress rises in deadlock.
    Composure,
    /// Initial trust in others.
    TrustPropensity,
}

impl TraitName {
    /// All traits in their canonical order (the order of CSV columns).
    pub const ALL: [TraitName; 8] = [
        TraitName::Openness,
        TraitName::Empathy,
        TraitName::ConcessionWillingness,
        TraitName::Assertiveness,
        TraitName::WorldOrientation,
        TraitName::Creativity,
        TraitName::Composure,
        TraitName::TrustPropensity,
    ];

    /// The snake_case key used in configs and CSV columns.
    pub fn key(self) -> &'static str {
        match self {
            TraitName::Openness => "openness",
            TraitName::Empathy => "empathy",
            TraitName::ConcessionWillingness => "concession_willingness",
            TraitName::Assertiveness => "assertiveness",
            TraitName::WorldOrientation => "world_orientation",
            TraitName::Creativity => "creativity",
            TraitName::Composure => "composure",
            TraitName::TrustPropensity => "trust_propensity",
        }
    }

    /// Parses a config key.
    pub fn from_key(key: &str) -> Option<TraitName> {
        TraitName::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Position in [`TraitName::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A stakeholder's eight traits, each in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traits {
    /// See [`TraitName::Openness`].
    pub openness: f64,
    /// See [`TraitName::Empathy`].
    pub empathy: f64,
    /// See [`TraitName::ConcessionWillingness`].
    pub concession_willingness: f64,
    /// See [`TraitName::Assertiveness`].
    pub assertiveness: f64,
    /// See [`TraitName::WorldOrientation`].
    pub world_orientation: f64,
    /// See [`TraitName::Creativity`].
    pub creativity: f64,
    /// See [`TraitName::Composure`].
    pub composure: f64,
    /// See [`TraitName::TrustPropensity`].
    pub trust_propensity: f64,
}

impl Traits {
    /// All traits at one value.
    pub fn uniform(value: f64) -> Traits {
        Traits::from_array([value; 8])
    }

    /// Traits from an array in [`TraitName::ALL`] order.
    pub fn from_array(a: [f64; 8]) -> Traits {
        Traits {
            openness: a[0],
            empathy: a[1],
            concession_willingness: a[2],
            assertiveness: a[3],
            world_orientation: a[4],
            creativity: a[5],
            composure: a[6],
            trust_propensity: a[7],
        }
    }

    /// The traits as an array in [`TraitName::ALL`] order.
    pub fn to_array(&self) -> [f64; 8] {
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

    /// The value of one trait.
    pub fn get(&self, name: TraitName) -> f64 {
        self.to_array()[name.index()]
    }

    /// Sets one trait.
    pub fn set(&mut self, name: TraitName, value: f64) {
        let mut a = self.to_array();
        a[name.index()] = value;
        *self = Traits::from_array(a);
    }
}
