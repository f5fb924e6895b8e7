//! Step 6, close: agreement (decided in the response step), walk-out or deadline; then the
//! table turns this round's packages into next round's positions.

use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::observe::{Event, RoundLog, RoundRecord, Transcript};
use bevy_ecs::prelude::*;

/// What the close step reads at each seat.
pub(crate) type Closer = (
    &'static Seat,
    &'static Aspiration,
    &'static Stress,
    &'static Trust,
    &'static Position,
    &'static Beliefs,
);

/// Step 6, close, as a system of its own, for tables that run the steps one by one (see
/// `close_step`; other tables run it in [`crate::protocol::round`]): the round is recorded if
/// round records are on (`record_round`), then walk-out or deadline may end the process and
/// the table rolls over to the next round (`end_round`).
pub fn close(
    setting: Res<Setting>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut log: ResMut<RoundLog>,
    seats: Query<Closer>,
) {
    close_step(&setting, &mut table, &mut transcript, &mut log, &seats);
}

/// Step 6, close, for [`close`] and the round's closing half
/// ([`crate::protocol::round::closing`]).
pub(crate) fn close_step(
    setting: &Setting,
    table: &mut TableState,
    transcript: &mut Transcript,
    log: &mut RoundLog,
    seats: &Query<Closer>,
) {
    if log.enabled {
        record_round(table, log, seats);
    }
    end_round(setting, table, transcript, seats);
}

/// Ends the round: walk-out or deadline close the process; state rolls over. After round
/// `early_round` it also notes how accurate everyone's beliefs are (`early_belief_accuracy`).
fn end_round(
    setting: &Setting,
    t: &mut TableState,
    transcript: &mut Transcript,
    seats: &Query<Closer>,
) {
    let (case, rules, params) = (&*setting.case, &setting.rules, &*setting.params);
    if t.round + 1 == params.early_round {
        t.early_belief_accuracy = Some(mean_belief_accuracy(case, seats));
    }
    let walked = t.walked.iter().filter(|&&w| w).count() as u32;
    if walked > 0 && t.status == Status::Open {
        t.walkouts = walked;
        t.status = Status::WalkOut;
    }
    t.round += 1;
    if t.status == Status::Open && t.round >= rules.deadline {
        t.status = Status::Deadline;
        let round = t.round;
        transcript.push(|| Event::DeadlinePassed { round });
    }
    t.positions.copy_from_slice(&t.offers);
    if t.settled {
        t.previous_present.iter_mut().for_each(|p| *p = false);
    } else {
        t.previous_present.copy_from_slice(&t.offer_present);
    }
    t.previous_offer_utility.copy_from_slice(&t.offer_utility);
    t.previous_best_offer.copy_from_slice(&t.best_offer);
    t.offer_present.iter_mut().for_each(|p| *p = false);
    t.settled = false;
}

/// Mean over the seats of [`crate::protocol::dialogue::belief_accuracy`].
fn mean_belief_accuracy(case: &PreparedCase, seats: &Query<Closer>) -> f64 {
    let sum: f64 = seats
        .iter()
        .map(|(seat, _, _, _, _, b)| crate::protocol::dialogue::belief_accuracy(case, seat.0, b))
        .sum();
    sum / case.n as f64
}

/// Records every stakeholder's state at the end of the round.
fn record_round(table: &TableState, log: &mut RoundLog, seats: &Query<Closer>) {
    let mut records: Vec<RoundRecord> = seats
        .iter()
        .map(|(seat, aspiration, stress, trust, position, _)| {
            let s = seat.0;
            RoundRecord {
                round: table.round + 1,
                seat: s,
                aspiration: aspiration.value,
                stress: stress.0,
                trust_mean: crate::protocol::dialogue::mean_except(&trust.0, s),
                disclosed_issue: table.statements[s].map(|st| st.issue),
                proposal: position.current.clone(),
                proposal_utility: table.offer_utility[table.cell(s, s)],
                best_offer_utility: table.best_offer[s],
                accepted: (0..=table.n)
                    .filter(|&p| table.offer_present[p] && table.accepts[table.cell(s, p)])
                    .count() as u32,
            }
        })
        .collect();
    records.sort_by_key(|r| r.seat);
    log.records.extend(records);
}
