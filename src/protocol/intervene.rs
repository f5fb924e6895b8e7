//! Interventions: something outside the simulation that acts at fixed points of a round. A
//! [`Fork`] changes one stakeholder's trait before a given round (replay and fork in teaching);
//! a person playing a seat chooses moves before the round and before responding.
//!
//! An intervention runs between the systems of a round, never inside them, so a process with
//! an intervention that does nothing is identical to one without.

use crate::model::traits::{TraitName, Traits};
use crate::protocol::components::{Aspiration, MindsetTraits, Seats, Setting, Trust};
use crate::protocol::concession::{aspiration_at, time_exponent};
use crate::protocol::parameters::Parameters;
use bevy_ecs::prelude::*;

/// Hooks called by [`crate::protocol::Arena::run_with`] around the steps of each round.
pub trait Intervention {
    /// Called before round `round` (from 1) begins. Return false to stop the process here.
    fn before_round(&mut self, round: u32, world: &mut World) -> bool {
        let _ = (round, world);
        true
    }

    /// Called after the proposals of round `round`, before anyone responds (mindset protocol
    /// only). Return false to stop the process here.
    fn before_response(&mut self, round: u32, world: &mut World) -> bool {
        let _ = (round, world);
        true
    }
}

/// No intervention.
pub struct Untouched;

impl Intervention for Untouched {}

/// From round `round` on, seat `seat` has trait `name` at `value`; everything before that round
/// is the original process.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fork {
    /// The first round played with the changed trait (from 1).
    pub round: u32,
    /// The seat whose trait changes.
    pub seat: usize,
    /// Which trait.
    pub name: TraitName,
    /// Its new value, in [0, 1].
    pub value: f64,
}

impl Intervention for Fork {
    fn before_round(&mut self, round: u32, world: &mut World) -> bool {
        if round != self.round {
            return true;
        }
        let Some(&entity) = world.resource::<Seats>().0.get(self.seat) else {
            return true;
        };
        let setting = world.resource::<Setting>();
        let (case, params) = (setting.case.clone(), setting.params.clone());
        let mut seat = world.entity_mut(entity);
        let Some(mut traits) = seat.get_mut::<MindsetTraits>() else {
            return true;
        };
        traits.0.set(self.name, self.value);
        let traits = traits.0;
        // Before the first round, trust is still the stakeholder's propensity.
        if round == 1
            && self.name == TraitName::TrustPropensity
            && let Some(mut trust) = seat.get_mut::<Trust>()
        {
            trust.0.iter_mut().for_each(|t| *t = self.value);
        }
        if let Some(mut aspiration) = seat.get_mut::<Aspiration>() {
            retune(&mut aspiration, &traits, case.batna[self.seat], &params);
        }
        true
    }
}

/// Re-derives the parts of an aspiration that traits set when the process starts: the tactic's
/// exponent (concession willingness and assertiveness) and the floor (assertiveness). The concession clock keeps
/// running where it was.
pub fn retune(aspiration: &mut Aspiration, traits: &Traits, batna: f64, params: &Parameters) {
    aspiration.exponent = time_exponent(traits.concession_willingness, traits.assertiveness);
    aspiration.floor = aspiration_floor(aspiration.start, batna, traits.assertiveness, params);
    aspiration.value = aspiration_at(aspiration);
}

/// The floor under aspiration: `batna + assertiveness * floor_share * (start - batna)`, or the
/// start itself when even the ideal package is not above the BATNA.
pub fn aspiration_floor(start: f64, batna: f64, assertiveness: f64, params: &Parameters) -> f64 {
    if start > batna {
        batna + assertiveness * params.floor_share * (start - batna)
    } else {
        start
    }
}
