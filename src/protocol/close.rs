//! Step 6, close: agreement (decided in the response step), walk-out or deadline; then the
//! table turns this round's packages into next round's positions.

use crate::protocol::components::*;
use crate::protocol::observe::{Event, RoundLog, RoundRecord, Transcript};
use bevy_ecs::prelude::*;

/// Ends the round: walk-out or deadline close the process; state rolls over. After round
/// `early_round` it also notes how accurate everyone's beliefs are (`early_belief_accuracy`).
pub fn close(
    rules: Res<RulesRes>,
    case: Res<CaseRes>,
    params: Res<ParamsRes>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    beliefs: Query<(&Seat, &Beliefs)>,
) {
    let t = &mut *table;
    if t.round + 1 == params.0.early_round {
        t.early_belief_accuracy = Some(mean_belief_accuracy(&case.0, &beliefs));
    }
    let walked = t.walked.iter().filter(|&&w| w).count() as u32;
    if walked > 0 && t.status == Status::Open {
        t.walkouts = walked;
        t.status = Status::WalkOut;
    }
    t.round += 1;
    if t.status == Status::Open && t.round >= rules.0.deadline {
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
pub fn mean_belief_accuracy(
    case: &crate::model::prepared::PreparedCase,
    beliefs: &Query<(&Seat, &Beliefs)>,
) -> f64 {
    let sum: f64 = beliefs
        .iter()
        .map(|(seat, b)| crate::protocol::dialogue::belief_accuracy(case, seat.0, &b.valuations))
        .sum();
    sum / case.n as f64
}

/// Records every stakeholder's state at the end of the round (only when enabled).
pub fn record_round(
    table: Res<TableState>,
    mut log: ResMut<RoundLog>,
    seats: Query<(&Seat, &Aspiration, &Stress, &Trust, &Position)>,
) {
    if !log.enabled {
        return;
    }
    let mut records: Vec<RoundRecord> = seats
        .iter()
        .map(|(seat, aspiration, stress, trust, position)| {
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

/// Opens a round: clears last round's statements and marks the round in the transcript.
pub fn begin_round(mut table: ResMut<TableState>, mut transcript: ResMut<Transcript>) {
    table.statements.iter_mut().for_each(|s| *s = None);
    table.walked.iter_mut().for_each(|w| *w = false);
    let round = table.round + 1;
    transcript.push(|| Event::RoundStarted { round });
}
