//! The `[organisation]` section of a scenario: a population that meets in processes over many
//! cycles, turnover, and the five levers, each with a dose, a timing and a cost.

use crate::error::{Error, Result};
use crate::model::traits::TraitName;
use serde::{Deserialize, Serialize};

/// Most generated cases per group size in an organisation's pool.
pub const MAX_CASE_POOL: usize = 1_000;

/// An organisation over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OrganisationConfig {
    /// Number of people (constant: leavers are replaced).
    pub population: usize,
    /// Cycles to simulate.
    pub cycles: u32,
    /// Processes per cycle; 0 = as many as the population fills (everyone at one table).
    pub processes_per_cycle: usize,
    /// Group size of each process, drawn uniformly from `min..=max`.
    pub group_size: GroupSize,
    /// Share of the population replaced each cycle, in [0, 1].
    pub turnover: f64,
    /// Culture newcomers are hired from (default: the scenario's culture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hiring_culture: Option<String>,
    /// Generated cases kept per group size and reused across tables (generated cases only; at
    /// most [`MAX_CASE_POOL`]).
    pub case_pool: usize,
    /// Weight of a stranger's reputation in one's initial trust in them, in [0, 1].
    pub reputation_weight: f64,
    /// Relationships remembered per person (the most recent ones).
    pub relationship_memory: usize,
    /// Collaborativeness index (mean of openness, empathy, world orientation, creativity,
    /// composure and trust propensity) at which the culture counts as collaborative.
    pub collaborative_target: f64,
    /// Lever 1: training.
    pub training: Training,
    /// Lever 2: a culture norm that peers at the table reinforce.
    pub culture_norm: CultureNorm,
    /// Lever 3: facilitators at a share of the tables.
    pub facilitation: Facilitation,
    /// Lever 4: mentoring of newcomers.
    pub mentoring: Mentoring,
    /// Lever 5: evaluate and learn after every process.
    pub evaluation: Evaluation,
}

impl Default for OrganisationConfig {
    fn default() -> Self {
        OrganisationConfig {
            population: 1000,
            cycles: 50,
            processes_per_cycle: 0,
            group_size: GroupSize { min: 3, max: 6 },
            turnover: 0.05,
            hiring_culture: None,
            case_pool: 16,
            reputation_weight: 0.3,
            relationship_memory: 16,
            collaborative_target: 0.6,
            training: Training::default(),
            culture_norm: CultureNorm::default(),
            facilitation: Facilitation::default(),
            mentoring: Mentoring::default(),
            evaluation: Evaluation::default(),
        }
    }
}

/// Group sizes, uniform over `min..=max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSize {
    /// Smallest table.
    pub min: usize,
    /// Largest table.
    pub max: usize,
}

/// When a lever acts: from cycle `start` (1-based) every `every` cycles until `stop`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// First cycle.
    pub start: u32,
    /// Cycles between sessions.
    pub every: u32,
    /// Last cycle (0 = to the end).
    pub stop: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            start: 1,
            every: 1,
            stop: 0,
        }
    }
}

impl Timing {
    /// Whether the lever acts in `cycle` (1-based).
    pub fn active(&self, cycle: u32) -> bool {
        cycle >= self.start
            && (self.stop == 0 || cycle <= self.stop)
            && (cycle - self.start).is_multiple_of(self.every.max(1))
    }
}

/// Training: raises the trained traits with diminishing returns; the gain decays in cycles
/// without practice (a process that reached agreement).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Training {
    /// Share of the population trained per session.
    pub share: f64,
    /// Gain per session: `dose * (1 - current)` per trait (diminishing returns).
    pub dose: f64,
    /// Share of the training gain lost per cycle without practice.
    pub decay: f64,
    /// Traits trained.
    pub traits: Vec<TraitName>,
    /// When.
    pub timing: Timing,
    /// Cost per person trained.
    pub cost_per_person: f64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            share: 0.0,
            dose: 0.3,
            decay: 0.05,
            traits: vec![
                TraitName::Openness,
                TraitName::Empathy,
                TraitName::Creativity,
                TraitName::Composure,
            ],
            timing: Timing {
                start: 1,
                every: 5,
                stop: 0,
            },
            cost_per_person: 1.0,
        }
    }
}

/// Which way a culture norm pulls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NormDirection {
    /// Peers reinforce collaborative behaviour.
    #[default]
    Collaborative,
    /// Peers reinforce positional wins.
    Positional,
}

/// A norm reinforced by peers: after each process, everyone moves towards the most
/// collaborative (or most positional) person at their table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CultureNorm {
    /// Share of the distance moved per process.
    pub strength: f64,
    /// Direction.
    pub direction: NormDirection,
    /// When.
    pub timing: Timing,
    /// Cost per person per active cycle (programmes, recognition).
    pub cost_per_person: f64,
}

impl Default for CultureNorm {
    fn default() -> Self {
        CultureNorm {
            strength: 0.0,
            direction: NormDirection::Collaborative,
            timing: Timing::default(),
            cost_per_person: 0.02,
        }
    }
}

/// Facilitators at a share of the tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Facilitation {
    /// Share of processes with a facilitator.
    pub share: f64,
    /// When.
    pub timing: Timing,
    /// Cost per facilitated process.
    pub cost_per_process: f64,
}

impl Default for Facilitation {
    fn default() -> Self {
        Facilitation {
            share: 0.0,
            timing: Timing::default(),
            cost_per_process: 0.5,
        }
    }
}

/// Mentoring and coaching: newcomers paired with a mentor take on the mentor's traits, a share
/// `rate` of the distance per cycle. Whom they learn from is the `pool`: any experienced
/// colleague passes on the organisation's habits, positional ones included; the essay's lever
/// is coaching towards collaborative negotiation ("mentorschap en coaching" to develop a
/// win-win-win mindset), by the organisation's most collaborative people, by those it trained,
/// or by external coaches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mentoring {
    /// Share of the distance to the mentor's traits a newcomer moves per cycle.
    pub rate: f64,
    /// Cycles someone counts as a newcomer.
    pub newcomer_cycles: u32,
    /// Cycles of experience a mentor from within needs.
    pub mentor_experience: u32,
    /// Whom newcomers learn from.
    pub pool: MentorPool,
    /// Under `pool = "collaborative"`: the share of the experienced, most collaborative first,
    /// who mentor (at least one person).
    pub pool_share: f64,
    /// Under `pool = "external"`: the culture external coaches are drawn from (a name in
    /// `configs/cultures/` or a path); each newcomer's coach is drawn once.
    pub coach_culture: String,
    /// When.
    pub timing: Timing,
    /// Cost per mentoring pair per cycle (an external coach's fee, under `pool = "external"`).
    pub cost_per_pair: f64,
}

/// Whom newcomers learn from (`mentoring.pool`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentorPool {
    /// Any colleague with `mentor_experience` cycles, drawn at random.
    #[default]
    Experienced,
    /// The `pool_share` of experienced colleagues with the highest collaborativeness index.
    Collaborative,
    /// Experienced colleagues who have been trained (what training added is passed on too).
    Trained,
    /// Coaches from outside, drawn from `coach_culture`.
    External,
}

impl MentorPool {
    /// The key as written in experiment files.
    pub fn key(self) -> &'static str {
        match self {
            MentorPool::Experienced => "experienced",
            MentorPool::Collaborative => "collaborative",
            MentorPool::Trained => "trained",
            MentorPool::External => "external",
        }
    }
}

impl Default for Mentoring {
    fn default() -> Self {
        Mentoring {
            rate: 0.0,
            newcomer_cycles: 3,
            mentor_experience: 5,
            pool: MentorPool::Experienced,
            pool_share: 0.25,
            coach_culture: "collaborative".to_string(),
            timing: Timing::default(),
            cost_per_pair: 0.2,
        }
    }
}

/// Evaluate and learn: after each cycle, participants move along what paid off (the traits of
/// people at win-win-win tables minus those elsewhere), more so where it did not pay off for
/// themselves and their table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Evaluation {
    /// Learning rate: share of the distance moved per process.
    pub learning_rate: f64,
    /// When.
    pub timing: Timing,
    /// Cost per participant per evaluated process.
    pub cost_per_participant: f64,
}

impl Default for Evaluation {
    fn default() -> Self {
        Evaluation {
            learning_rate: 0.0,
            timing: Timing::default(),
            cost_per_participant: 0.02,
        }
    }
}

fn check(ok: bool, key: &str, message: String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::input(message).at_key(key.to_string()))
    }
}

fn unit(key: &str, v: f64) -> Result<()> {
    check(
        (0.0..=1.0).contains(&v),
        key,
        format!("{key} must be between 0 and 1, found {v}"),
    )
}

fn nonneg(key: &str, v: f64) -> Result<()> {
    check(
        v >= 0.0 && v.is_finite(),
        key,
        format!("{key} must be 0 or more, found {v}"),
    )
}

fn timing(key: &str, t: &Timing) -> Result<()> {
    check(
        t.start >= 1,
        &format!("{key}.start"),
        "a lever starts in cycle 1 or later".into(),
    )?;
    check(
        t.every >= 1,
        &format!("{key}.every"),
        "`every` must be at least 1 cycle".into(),
    )?;
    check(
        t.stop == 0 || t.stop >= t.start,
        &format!("{key}.stop"),
        "`stop` must be 0 (never) or at least `start`".into(),
    )
}

impl OrganisationConfig {
    /// Checks the section; errors carry the key (relative to `organisation`).
    pub fn validate(&self) -> Result<()> {
        check(
            self.cycles >= 1,
            "cycles",
            format!(
                "an organisation needs at least 1 cycle, found {}",
                self.cycles
            ),
        )?;
        check(
            self.cycles <= 1_000_000,
            "cycles",
            format!("at most 1000000 cycles, found {}", self.cycles),
        )?;
        check(
            self.group_size.min >= 2,
            "group_size.min",
            format!(
                "a table needs at least 2 people, found {}",
                self.group_size.min
            ),
        )?;
        let GroupSize { min, max } = self.group_size;
        if max < min {
            // With max at its default, the min is what was written (often alone, in a
            // condition): blame it and say where the max came from.
            let default_max = OrganisationConfig::default().group_size.max;
            let key = if max == default_max {
                "group_size.min"
            } else {
                "group_size.max"
            };
            let default = if max == default_max {
                ", its default"
            } else {
                ""
            };
            return Err(Error::input(format!(
                "group_size.min ({min}) is above group_size.max ({max}{default})"
            ))
            .at_key(key)
            .with_hint(format!(
                "set both, e.g. group_size = {{ min = {min}, max = {} }}",
                min.max(max)
            )));
        }
        check(
            self.group_size.max <= 64,
            "group_size.max",
            "tables have at most 64 people".into(),
        )?;
        check(
            self.population >= self.group_size.max,
            "population",
            format!(
                "the population ({}) is smaller than the largest group ({}); nobody could fill that table",
                self.population, self.group_size.max
            ),
        )?;
        check(
            self.population <= 100_000_000,
            "population",
            "at most 100,000,000 people".into(),
        )?;
        check(
            self.processes_per_cycle <= self.population / self.group_size.min.max(1),
            "processes_per_cycle",
            format!(
                "{} tables of at least {} people need more than the {} people there are",
                self.processes_per_cycle, self.group_size.min, self.population
            ),
        )?;
        // Tables are numbered in 22 bits of their random streams (`engine::table_streams`).
        check(
            self.tables_per_cycle() <= 1 << 22,
            "population",
            format!(
                "{} people in groups of {} or more make more than 4194304 tables a cycle",
                self.population, self.group_size.min
            ),
        )?;
        check(
            self.processes_per_cycle <= 1 << 20,
            "processes_per_cycle",
            "at most 1048576 processes per cycle".into(),
        )?;
        unit("turnover", self.turnover)?;
        unit("reputation_weight", self.reputation_weight)?;
        unit("collaborative_target", self.collaborative_target)?;
        check(
            (1..=MAX_CASE_POOL).contains(&self.case_pool),
            "case_pool",
            format!(
                "case_pool must be between 1 and {MAX_CASE_POOL} (cases per group size, all prepared before the first cycle), found {}",
                self.case_pool
            ),
        )?;
        check(
            self.relationship_memory >= 1,
            "relationship_memory",
            "relationship_memory must be at least 1".into(),
        )?;
        unit("training.share", self.training.share)?;
        unit("training.dose", self.training.dose)?;
        unit("training.decay", self.training.decay)?;
        nonneg("training.cost_per_person", self.training.cost_per_person)?;
        let traits = &self.training.traits;
        if traits.is_empty() && self.training.share > 0.0 {
            return Err(Error::input(
                "training.traits is empty: training would cost without raising anything",
            )
            .at_key("training.traits")
            .with_hint("name the traits training raises, e.g. traits = [\"openness\", \"empathy\"], or set training.share = 0"));
        }
        if let Some((t, name)) = traits
            .iter()
            .enumerate()
            .find(|(t, name)| traits[..*t].contains(name))
        {
            return Err(Error::input(format!(
                "training.traits lists {} twice (entries {} and {})",
                serde_json::to_string(name).unwrap_or_default(),
                traits.iter().position(|x| x == name).map_or(0, |p| p + 1),
                t + 1
            ))
            .at_key("training.traits")
            .with_hint("list each trait once; the dose sets how much training raises it"));
        }
        timing("training.timing", &self.training.timing)?;
        unit("culture_norm.strength", self.culture_norm.strength)?;
        nonneg(
            "culture_norm.cost_per_person",
            self.culture_norm.cost_per_person,
        )?;
        timing("culture_norm.timing", &self.culture_norm.timing)?;
        unit("facilitation.share", self.facilitation.share)?;
        nonneg(
            "facilitation.cost_per_process",
            self.facilitation.cost_per_process,
        )?;
        timing("facilitation.timing", &self.facilitation.timing)?;
        unit("mentoring.rate", self.mentoring.rate)?;
        check(
            self.mentoring.pool_share > 0.0 && self.mentoring.pool_share <= 1.0,
            "mentoring.pool_share",
            format!(
                "mentoring.pool_share must be above 0 and at most 1, found {}",
                self.mentoring.pool_share
            ),
        )?;
        nonneg("mentoring.cost_per_pair", self.mentoring.cost_per_pair)?;
        timing("mentoring.timing", &self.mentoring.timing)?;
        unit("evaluation.learning_rate", self.evaluation.learning_rate)?;
        nonneg(
            "evaluation.cost_per_participant",
            self.evaluation.cost_per_participant,
        )?;
        timing("evaluation.timing", &self.evaluation.timing)
    }

    /// Most tables per cycle: `processes_per_cycle`, or with 0 (the default) as many as it
    /// takes to seat everyone (see `tables::form_tables`).
    pub fn tables_per_cycle(&self) -> usize {
        if self.processes_per_cycle > 0 {
            self.processes_per_cycle
        } else {
            self.population / self.group_size.min.max(1) + 1
        }
    }
}
