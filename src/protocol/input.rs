//! Seats played from outside the model: by a person (`negsim play`, a classroom) or by a
//! registered strategy ([`crate::protocol::plugged`]). A table with such seats holds a
//! [`Players`] resource with each played seat's [`SeatInput`]; the dialogue, proposal,
//! response and emotion steps read it exactly where a simulated stakeholder's own decision
//! comes from, and the rest of the round treats the seat as any other.
//! [`crate::protocol::table::Table`] fills a person's inputs between the steps of a round, the
//! plugged systems a strategy's. A table without players has no `Players`: its steps test that
//! once, not per seat, and every seat keeps the same components, so that steps visit seats (and
//! write the transcript) in seat order whoever plays them.
//!
//! A played seat rolls the same dice as a simulated one: the model draws whether it would
//! disclose or walk out, and whether its creativity finds an option, and then takes the
//! input's decision instead (and finds no option on a player's behalf). The seat's random
//! stream therefore advances alike whoever decides, so that its listening noise, and every
//! draw after, are those of the simulated table: a player who decides as the simulation would
//! have plays the very same process.

use crate::model::prepared::Package;
use crate::protocol::statement::Statement;
use bevy_ecs::prelude::*;

/// The seats played from outside and their decisions for the round being played.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Players {
    /// Per seat: its player's decisions, or `None` for a simulated seat.
    pub inputs: Vec<Option<SeatInput>>,
}

impl Players {
    /// The decisions for seat `s`, if a player plays it.
    #[inline]
    pub fn input(&self, s: usize) -> Option<&SeatInput> {
        self.inputs.get(s).and_then(Option::as_ref)
    }
}

/// The decisions of a seat played from outside for the round being played. The dialogue step
/// reads `disclose`, the proposal step `proposal`, the response step `accepts` and the emotion
/// step `walk_out`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeatInput {
    /// What the seat tells the table this round, if anything.
    pub disclose: Option<Statement>,
    /// The package the seat puts on the table this round (none: no package from this seat).
    pub proposal: Option<Package>,
    /// Per slot (seats, then the facilitator): the seat accepts that package; it objects to
    /// every package it does not accept.
    pub accepts: Vec<bool>,
    /// The seat leaves the table at the end of this round.
    pub walk_out: bool,
}
