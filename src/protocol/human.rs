//! A seat played by a person (`negsim play`). The seat carries the [`HumanSeat`] marker and the
//! person's moves for the current round arrive in the [`HumanMove`] resource; the dialogue,
//! proposal and response systems read them instead of simulating that seat. Tables without a
//! human seat never see either, so simulated runs are unchanged.

use crate::model::prepared::Package;
use bevy_ecs::prelude::*;

/// Marks the seat a person plays.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct HumanSeat;

/// What the person does this round. The dialogue and proposal steps read `disclose` and
/// `proposal`; the response step reads `accepts`.
#[derive(Resource, Clone, Debug, Default)]
pub struct HumanMove {
    /// Issue whose priority the person tells the table (truthfully) this round.
    pub disclose: Option<usize>,
    /// The package the person puts on the table this round (none: nothing on the table).
    pub proposal: Option<Package>,
    /// Per slot (seats, then the facilitator): the person accepts that package.
    pub accepts: Vec<bool>,
}
