//! People in an organisation are bevy_ecs entities that live across processes; these are their
//! components and the organisation's resources.

use crate::model::culture::TraitDistributions;
use crate::model::organisation::OrganisationConfig;
use crate::model::prepared::PreparedCase;
use crate::model::traits::Traits;
use crate::protocol::parameters::Parameters;
use crate::protocol::setup::Rules;
use crate::record::process::{CellColumns, ProcessRecord};
use crate::rng::StreamKey;
use bevy_ecs::prelude::*;
use std::collections::VecDeque;
use std::sync::Arc;

/// A person: a stable id (never reused) and the cycle they joined.
#[derive(Component, Clone, Copy, Debug)]
pub struct Person {
    /// Stakeholder id, unique over the organisation's history.
    pub id: u64,
    /// Cycle of hiring (0 for the founding population).
    pub hired: u32,
}

/// A person's lasting mindset.
#[derive(Component, Clone, Copy, Debug)]
pub struct Mindset(pub Traits);

/// What training added on top of the mindset, per trait; it decays without practice.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct TrainingGain(pub [f64; 8]);

/// Trust in people one has sat with, most recent last, at most `relationship_memory` of them.
/// A ring buffer: forgetting the oldest, which happens at almost every table once the memory
/// is full, shifts nothing. Its capacity is exactly the memory (16 entries, 256 bytes, by
/// default), not the next power of two past it: at 100,000 people that is 26 MB less.
#[derive(Component, Clone, Debug, Default)]
pub struct Acquaintances(pub VecDeque<(u64, f64)>);

impl Acquaintances {
    /// Trust in a person, if known.
    pub fn trust(&self, id: u64) -> Option<f64> {
        self.0.iter().rev().find(|(p, _)| *p == id).map(|(_, t)| *t)
    }

    /// Remembers trust in a person, forgetting the oldest relationship beyond `memory`.
    pub fn remember(&mut self, id: u64, trust: f64, memory: usize) {
        if let Some(pos) = self.0.iter().position(|(p, _)| *p == id) {
            self.0.remove(pos);
        }
        if memory == 0 {
            return;
        }
        // The oldest goes before the newest comes, so the buffer never holds more than
        // `memory` and never grows past it.
        while self.0.len() >= memory {
            self.0.pop_front();
        }
        if self.0.capacity() < memory {
            self.0.reserve_exact(memory - self.0.len());
        }
        self.0.push_back((id, trust));
    }
}

/// How much others trusted this person at the end of their processes (moving average).
#[derive(Component, Clone, Copy, Debug)]
pub struct Reputation(pub f64);

/// Whether the person practised this cycle (took part in an agreement), and how often overall.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Practice {
    /// Took part in an agreement this cycle.
    pub agreed: bool,
    /// Processes taken part in.
    pub processes: u32,
}

/// A newcomer's mentor: a colleague, or an external coach (drawn once, kept while the
/// newcomer is coached).
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Mentee {
    /// The mentor, if a colleague is assigned.
    pub mentor: Option<Entity>,
    /// The traits of the external coach, if one is assigned.
    pub coach: Option<Traits>,
}

impl Mindset {
    /// The traits at the table: mindset plus training gain, clamped.
    pub fn effective(&self, gain: &TrainingGain) -> Traits {
        let mut a = self.0.to_array();
        for (t, g) in a.iter_mut().zip(gain.0) {
            *t = (*t + g).clamp(0.0, 1.0);
        }
        Traits::from_array(a)
    }
}

/// Collaborativeness index: mean of openness, empathy, world orientation, creativity,
/// composure and trust propensity (the traits collaborative and positional cultures differ in
/// most, concession willingness and assertiveness aside).
pub fn collaborativeness(t: &Traits) -> f64 {
    (t.openness + t.empathy + t.world_orientation + t.creativity + t.composure + t.trust_propensity)
        / 6.0
}

/// Where the cases of the organisation's tables come from.
#[derive(Clone, Debug)]
pub enum CasePool {
    /// One hand-written case (group size = its number of stakeholders).
    Fixed(Arc<PreparedCase>),
    /// Generated cases per group size, `[size - min][k]`.
    Generated(Vec<Vec<Arc<PreparedCase>>>),
}

/// Everything fixed for one organisation run.
#[derive(Resource, Clone)]
pub struct OrgSetup {
    /// The organisation section.
    pub config: Arc<OrganisationConfig>,
    /// Trait distributions of the founding culture.
    pub culture: TraitDistributions,
    /// Trait distributions newcomers are hired from.
    pub hiring: TraitDistributions,
    /// Trait distributions external coaches are drawn from (`mentoring.pool = "external"`).
    pub coaches: Option<TraitDistributions>,
    /// Table rules (facilitator set per table by the lever).
    pub rules: Rules,
    /// Model parameters.
    pub params: Arc<Parameters>,
    /// Experiment seed and replication of this organisation.
    pub streams: StreamKey,
    /// Cases.
    pub cases: CasePool,
    /// What every row of the organisation's cell says besides its results.
    pub cell: Arc<CellColumns>,
}

/// Members in slot order (a leaver's slot goes to their replacement).
#[derive(Resource, Clone, Debug, Default)]
pub struct Members(pub Vec<Entity>);

/// The current cycle (1-based once running) and the next free person id.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Clock {
    /// Cycle.
    pub cycle: u32,
    /// Next id to hand out.
    pub next_id: u64,
}

/// A table formed for this cycle.
#[derive(Clone, Debug)]
pub struct TablePlan {
    /// Who sits at it, in seat order.
    pub seats: Vec<Entity>,
    /// Its case.
    pub case: Arc<PreparedCase>,
    /// Whether a facilitator sits at it.
    pub facilitator: bool,
}

/// This cycle's tables.
#[derive(Resource, Clone, Debug, Default)]
pub struct Tables(pub Vec<TablePlan>);

/// A finished table of this cycle.
#[derive(Clone, Debug)]
pub struct TableOutcome {
    /// Who sat at it, in seat order.
    pub seats: Vec<Entity>,
    /// Their ids.
    pub ids: Vec<u64>,
    /// The process.
    pub result: ProcessRecord,
}

/// This cycle's finished tables.
#[derive(Resource, Clone, Debug, Default)]
pub struct Outcomes(pub Vec<TableOutcome>);

/// Where each person sat this cycle, by entity index: the systems after the processes visit
/// the people in the order they are stored, instead of table by table, which at the scale of
/// 100,000 people would jump to a random person at every seat. Every person's update depends
/// on their own table alone, so the order does not change a result.
#[derive(Resource, Clone, Debug, Default)]
pub struct Seating {
    /// `(table + 1, seat)` per entity index; table 0 means not seated this cycle.
    by_index: Vec<(u32, u32)>,
}

impl Seating {
    /// Indexes the seats of tables, each given as its people in seat order.
    pub fn of<'a>(tables: impl IntoIterator<Item = &'a [Entity]>) -> Seating {
        let mut by_index = Vec::new();
        for (t, seats) in tables.into_iter().enumerate() {
            for (s, e) in seats.iter().enumerate() {
                let i = e.index_u32() as usize;
                if i >= by_index.len() {
                    by_index.resize(i + 1, (0, 0));
                }
                by_index[i] = (t as u32 + 1, s as u32);
            }
        }
        Seating { by_index }
    }

    /// The table and seat of a living person, if they sat at a table this cycle.
    pub fn seat(&self, person: Entity) -> Option<(usize, usize)> {
        match self.by_index.get(person.index_u32() as usize) {
            Some(&(t, s)) if t > 0 => Some((t as usize - 1, s as usize)),
            _ => None,
        }
    }
}

/// Lever costs and counts of this cycle.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Ledger {
    /// Training cost.
    pub training: f64,
    /// Culture-norm cost.
    pub culture_norm: f64,
    /// Facilitation cost.
    pub facilitation: f64,
    /// Mentoring cost.
    pub mentoring: f64,
    /// Evaluate-and-learn cost.
    pub evaluation: f64,
    /// People trained.
    pub trained: u32,
    /// Mentoring pairs.
    pub mentoring_pairs: u32,
    /// Newcomers hired.
    pub newcomers: u32,
}

impl Ledger {
    /// Total cost.
    pub fn total(&self) -> f64 {
        self.training + self.culture_norm + self.facilitation + self.mentoring + self.evaluation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acquaintances_keep_the_most_recent_within_the_memory_and_no_more_room() {
        let mut known = Acquaintances::default();
        for id in 0..5 {
            known.remember(id, id as f64 / 10.0, 3);
        }
        // 0 and 1 were forgotten; the buffer never held a fourth.
        let ids: Vec<u64> = known.0.iter().map(|(p, _)| *p).collect();
        assert_eq!(ids, [2, 3, 4]);
        assert_eq!(known.0.capacity(), 3);
        // Meeting 2 again moves it to the newest, with the new trust, and forgets nobody.
        known.remember(2, 0.9, 3);
        let ids: Vec<u64> = known.0.iter().map(|(p, _)| *p).collect();
        assert_eq!(ids, [3, 4, 2]);
        assert_eq!(known.trust(2), Some(0.9));
        assert_eq!(known.trust(0), None);
        assert_eq!(known.0.capacity(), 3);
        // A memory of none remembers nobody.
        let mut forgetful = Acquaintances::default();
        forgetful.remember(7, 0.5, 0);
        assert_eq!(forgetful.trust(7), None);
    }

    #[test]
    fn seating_finds_every_seated_person_and_nobody_else() {
        let mut world = World::new();
        let people: Vec<Entity> = (0..6).map(|_| world.spawn_empty().id()).collect();
        let tables = [
            vec![people[3], people[1]],
            vec![people[0], people[5], people[4]],
        ];
        let seating = Seating::of(tables.iter().map(Vec::as_slice));
        assert_eq!(seating.seat(people[3]), Some((0, 0)));
        assert_eq!(seating.seat(people[1]), Some((0, 1)));
        assert_eq!(seating.seat(people[0]), Some((1, 0)));
        assert_eq!(seating.seat(people[4]), Some((1, 2)));
        assert_eq!(seating.seat(people[2]), None);
        // A person spawned after the index was built sat nowhere.
        let newcomer = world.spawn_empty().id();
        assert_eq!(seating.seat(newcomer), None);
    }
}
