//! Registered strategies at a mindset table: their decisions asked between the round's steps
//! and handed to the steps as a played seat's [`SeatInput`], so that the steps treat a
//! plugged-in seat exactly as a seat a person plays ([`crate::protocol::input`]).
//!
//! A process with such seats runs each of the round's six steps as a system of its own, with
//! four more systems, one before each step that reads an input: [`ask_disclosures`] (before
//! the dialogue), [`ask_proposals`] (before the proposals), [`ask_responses`] (before the
//! response) and [`ask_walk_outs`] (before emotion, where walk-outs happen). A process without
//! them runs the round's two halves ([`crate::protocol::round`]): nothing here is on its path.
//!
//! Only a seat whose strategy plays it is asked. At a [`crate::protocol::table::Table`] a
//! person may sit at the same table (their input is theirs to give) or take a strategy's own
//! seat (the table keeps the strategy aside until the person hands the seat back).

use crate::protocol::components::*;
use crate::protocol::input::{Players, SeatInput};
use crate::protocol::offer_maker::OfferMaker;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::Tactic;
use crate::protocol::strategy::{Observation, Plugged, Table};
use bevy_ecs::prelude::*;

/// What the asking systems read and write at a plugged-in seat.
type PluggedSeat = (
    &'static Seat,
    &'static mut Plugged,
    &'static mut SeatStream,
    &'static Trust,
    &'static Beliefs,
    &'static OfferMaker,
    &'static mut Aspiration,
    &'static Position,
);

/// The [`Players`] of a mindset table with plugged-in seats: an input for each of them.
pub fn players_for(tactics: impl Iterator<Item = Tactic>) -> Players {
    Players {
        inputs: tactics
            .map(|t| matches!(t, Tactic::Custom(_)).then(SeatInput::default))
            .collect(),
    }
}

/// Whether a mindset table seats a registered strategy.
pub fn any_plugged(tactics: impl IntoIterator<Item = Tactic>) -> bool {
    tactics.into_iter().any(|t| matches!(t, Tactic::Custom(_)))
}

/// What seat `s` observes: this round's packages once they are proposed (`current`), last
/// round's before.
fn observe<'a>(
    setting: &'a Setting,
    table: &'a TableState,
    s: usize,
    current: bool,
    (trust, beliefs, maker): (&'a Trust, &'a Beliefs, &'a OfferMaker),
) -> Observation<'a> {
    let round = table.round + 1;
    let deadline = setting.rules.deadline;
    let (packages, present) = if current {
        (&table.offers[..], &table.offer_present[..])
    } else {
        (&table.positions[..], &table.previous_present[..])
    };
    Observation {
        protocol: ProtocolKind::Mindset,
        seat: s,
        round,
        deadline,
        time: f64::from(round) / (f64::from(deadline) + 1.0),
        batna: setting.case.batna[s],
        best_utility: maker.best,
        offer: None,
        offer_utility: None,
        proposer: None,
        acceptances: 0,
        trust: &trust.0,
        beliefs: beliefs.view(),
        statements: &table.statements,
        disclosed: &beliefs.disclosed,
        case: &setting.case,
        decision_rule: Some(setting.rules.decision_rule),
        table: Table::Slots { packages, present },
        maker,
    }
}

/// Before the dialogue: what each plugged-in seat tells the table this round. Its input of
/// last round is cleared.
pub fn ask_disclosures(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut players: ResMut<Players>,
    mut seats: Query<PluggedSeat>,
) {
    for (seat, mut plug, mut stream, trust, beliefs, maker, _, _) in &mut seats {
        let s = seat.0;
        let Some(Some(input)) = players.inputs.get_mut(s).filter(|_| plug.plays()) else {
            continue;
        };
        input.walk_out = false;
        input.accepts.iter_mut().for_each(|a| *a = false);
        let o = observe(&setting, &table, s, false, (trust, beliefs, maker));
        input.disclose = plug.disclose(&o, &mut stream.0);
    }
}

/// After the dialogue: the package each plugged-in seat puts on the table. An issue already
/// settled (sequential agenda) keeps its settled option.
pub fn ask_proposals(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut players: ResMut<Players>,
    mut seats: Query<PluggedSeat>,
) {
    let case = &*setting.case;
    for (seat, mut plug, mut stream, trust, beliefs, maker, mut aspiration, position) in &mut seats
    {
        let s = seat.0;
        let Some(Some(input)) = players.inputs.get_mut(s).filter(|_| plug.plays()) else {
            continue;
        };
        // The input's buffer is kept from round to round: nothing is allocated after the first.
        let package = input
            .proposal
            .get_or_insert_with(|| position.current.clone());
        package.copy_from_slice(&position.current);
        let o = observe(&setting, &table, s, false, (trust, beliefs, maker));
        plug.propose(&o, &mut stream.0, package);
        for (i, option) in package.iter_mut().enumerate() {
            if table.locked[i] {
                *option = table.agreement[i];
            }
        }
        plug.holds_out_for = case.utility(s, package);
        aspiration.value = plug.holds_out_for;
    }
}

/// After the proposals: each plugged-in seat's answer to every package on the table. It
/// accepts its own package and is asked about each of the others' (and a facilitator's text).
pub fn ask_responses(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut players: ResMut<Players>,
    mut seats: Query<PluggedSeat>,
) {
    let n = table.n;
    for (seat, mut plug, mut stream, trust, beliefs, maker, _, _) in &mut seats {
        let s = seat.0;
        let Some(Some(input)) = players.inputs.get_mut(s).filter(|_| plug.plays()) else {
            continue;
        };
        input.accepts.clear();
        input.accepts.resize(n + 1, false);
        for slot in (0..=n).filter(|&slot| table.offer_present[slot]) {
            input.accepts[slot] = slot == s || {
                let package = table.offer(slot);
                let mut o = observe(&setting, &table, s, true, (trust, beliefs, maker));
                o.offer = Some(package);
                o.offer_utility = Some(o.utility(package));
                o.proposer = Some(slot);
                plug.respond(&o, &mut stream.0)
            };
        }
    }
}

/// After the concession step, before emotion: whether each plugged-in seat leaves the table,
/// having seen the round's packages. Its recorded aspiration stays what its last proposal was
/// worth to it (the concession step moves every seat's).
pub fn ask_walk_outs(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut players: ResMut<Players>,
    mut seats: Query<PluggedSeat>,
) {
    for (seat, mut plug, mut stream, trust, beliefs, maker, mut aspiration, _) in &mut seats {
        let s = seat.0;
        let Some(Some(input)) = players.inputs.get_mut(s).filter(|_| plug.plays()) else {
            continue;
        };
        aspiration.value = plug.holds_out_for;
        if !table.is_open() {
            continue; // agreed this round
        }
        let o = observe(&setting, &table, s, true, (trust, beliefs, maker));
        input.walk_out = plug.walk_out(&o, &mut stream.0);
    }
}
