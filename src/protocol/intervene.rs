//! What-ifs: a [`Fork`] changes one stakeholder's trait from a given round on (replay and fork
//! in teaching, the studio's "what if"). [`crate::protocol::table::Table::change_trait`] applies
//! it between rounds, never inside one, so everything before the fork's round is the original
//! process.

use crate::model::traits::{TraitName, Traits};
use crate::protocol::components::{Aspiration, MindsetTraits, Seats, Setting, Trust};
use crate::protocol::concession::{aspiration_at, time_exponent};
use crate::protocol::parameters::Parameters;
use bevy_ecs::prelude::*;

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

impl Fork {
    /// Changes the trait in `world`, whose next round is the fork's round: the seat's trait,
    /// the parts of its aspiration that traits set, and, before the first round, its trust
    /// (still its propensity then).
    pub fn apply(&self, world: &mut World) {
        let Some(&entity) = world.resource::<Seats>().0.get(self.seat) else {
            return;
        };
        let setting = world.resource::<Setting>();
        let (case, params) = (setting.case.clone(), setting.params.clone());
        let mut seat = world.entity_mut(entity);
        let Some(mut traits) = seat.get_mut::<MindsetTraits>() else {
            return;
        };
        traits.0.set(self.name, self.value);
        let traits = traits.0;
        if self.round == 1
            && self.name == TraitName::TrustPropensity
            && let Some(mut trust) = seat.get_mut::<Trust>()
        {
            trust.0.iter_mut().for_each(|t| *t = self.value);
        }
        if let Some(mut aspiration) = seat.get_mut::<Aspiration>() {
            retune(&mut aspiration, &traits, case.batna[self.seat], &params);
        }
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
