//! The mindset round's two halves as two systems: the opening (steps 1 and 2, dialogue and
//! proposal) and the closing (steps 3 to 6, response, concession, emotion and close), each
//! running its steps in order over the table's resources fetched once.
//!
//! A system run has a fixed cost (running it, fetching its resources, checking its queries'
//! archetypes) that is paid once per system and round, whatever the system does. Two halves
//! pay it twice a round instead of six times: 4% less CPU for an organisation of 20,000 people
//! over 10 cycles, with the same results (docs/performance.md). One system for the whole round
//! saved nothing more that could be measured. The halves are also where a
//! [`crate::protocol::table::Table`] stops between the proposals and the responses, so that a
//! batch run and a table play the same systems. A table that seats a registered strategy runs
//! the step systems one by one instead, with its strategies asked in between
//! ([`crate::protocol::plugged`]).
//!
//! Each step's own query stays its own (a [`ParamSet`] of them), so what a step reads and
//! writes at the seats is declared where the step is written.

use crate::protocol::close::{Closer, close_step};
use crate::protocol::components::*;
use crate::protocol::concession::{Conceder, concede_step};
use crate::protocol::dialogue::{Participant, dialogue_step};
use crate::protocol::emotion::{Feeler, feel_step};
use crate::protocol::input::Players;
use crate::protocol::observe::{RoundLog, Transcript};
use crate::protocol::proposal::{Proposer, proposal_step};
use crate::protocol::response::{Responder, response_step};
use bevy_ecs::prelude::*;

/// Steps 1 and 2 of the mindset round: dialogue, then proposal.
pub fn opening(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut table_stream: ResMut<TableStream>,
    mut seats: ParamSet<(Query<Participant>, Query<Proposer>)>,
) {
    let players = players.as_deref();
    dialogue_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &mut table_stream.0,
        &mut seats.p0(),
    );
    proposal_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &mut seats.p1(),
    );
}

/// Steps 3 to 6 of the mindset round: response, concession, emotion, then close.
#[allow(clippy::type_complexity)]
pub fn closing(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut log: ResMut<RoundLog>,
    mut seats: ParamSet<(
        Query<Responder>,
        Query<Conceder>,
        Query<Feeler>,
        Query<Closer>,
    )>,
) {
    let players = players.as_deref();
    response_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &seats.p0(),
    );
    concede_step(&setting, &table, &mut transcript, &mut seats.p1());
    feel_step(
        &setting,
        facilitator.is_some(),
        players,
        &mut table,
        &mut transcript,
        &mut seats.p2(),
    );
    close_step(&setting, &mut table, &mut transcript, &mut log, &seats.p3());
}
