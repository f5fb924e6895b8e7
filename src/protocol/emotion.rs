//! Step 5, emotion and trust: stalemate raises stress (less with composure, more as the
//! deadline nears), progress and a
//! facilitator relieve it; high stress narrows the mind (see `components::narrowed`) and can
//! end in a walk-out; empathic stakeholders repair damaged trust.

use crate::protocol::components::*;
use crate::protocol::concession::time_pressure;
use crate::protocol::input::Players;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::response::impasse_value;
use crate::rng::chance;
use bevy_ecs::prelude::*;

/// Stress levels whose upward crossing is a turning point worth narrating.
const STRESS_MARKS: [f64; 2] = [0.5, 0.75];
/// Process length at which `stress_rate` applies per round as it stands.
const STRESS_REFERENCE_ROUNDS: f64 = 30.0;

/// Step 5, emotion and trust, as a system of its own, for tables that run the steps one by one
/// (see `feel_step`; other tables run it in [`crate::protocol::round`]): updates stress,
/// repairs trust, and lets the overwhelmed walk out when nothing on the table beats an impasse.
pub fn feel(
    setting: Res<Setting>,
    facilitator: Option<Res<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut seats: Query<Feeler>,
) {
    feel_step(
        &setting,
        facilitator.is_some(),
        players.as_deref(),
        &mut table,
        &mut transcript,
        &mut seats,
    );
}

/// What the emotion step reads and writes at each seat.
pub(crate) type Feeler = (
    &'static Seat,
    &'static MindsetTraits,
    &'static mut Stress,
    &'static mut Trust,
    &'static mut Departure,
    &'static mut SeatStream,
);

/// Step 5, emotion and trust, for [`feel`] and the round's closing half
/// ([`crate::protocol::round::closing`]).
pub(crate) fn feel_step(
    setting: &Setting,
    facilitated: bool,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Feeler>,
) {
    if !table.is_open() {
        return; // agreed this round
    }
    let params = &*setting.params;
    let eps = params.progress_epsilon;
    let n = table.n;
    let round = table.round + 1;
    let deadline = f64::from(setting.rules.deadline);
    let time = time_pressure(round, setting.rules.deadline);
    for (seat, traits, mut stress, mut trust, mut departure, mut stream) in seats.iter_mut() {
        let s = seat.0;
        let traits = traits.0;
        let progress = table.best_offer[s] > table.previous_best_offer[s] + eps;
        let stalemate = round > 1 && !progress;
        let before = stress.0;
        // Deadlock weighs more as the deadline nears: the increment grows with relative time.
        // It is scaled to a 30-round process so that cutting time finer (a longer deadline)
        // does not by itself add stress.
        let pressure = 2.0 * round as f64 / deadline * (STRESS_REFERENCE_ROUNDS / deadline);
        let mut level = if stalemate {
            before + params.stress_rate * (1.0 - traits.composure) * pressure
        } else {
            before - params.stress_relief
        };
        if facilitated {
            level -= params.facilitator_calming;
        }
        stress.0 = level.clamp(0.0, 1.0);
        for mark in STRESS_MARKS {
            if before < mark && stress.0 >= mark {
                let level = stress.0;
                transcript.push(|| Event::StressRose {
                    round,
                    seat: s,
                    level,
                });
            }
        }
        table.stuck[s] = stalemate;
        for t in (0..n).filter(|&t| t != s) {
            let cell = table.cell(s, t);
            let moved_towards_me = table.previous_present[t]
                && table.offer_present[t]
                && table.offer_utility[cell] - table.previous_offer_utility[cell] > eps;
            if moved_towards_me && trust.0[t] < traits.trust_propensity {
                let before = trust.0[t];
                trust.0[t] +=
                    params.trust_repair * traits.empathy * (traits.trust_propensity - trust.0[t]);
                // A repair can restore trust that the concession step saw broken: told like
                // any other turn, so that the story never breaks trust twice in a row.
                transcript.trust_moved(round, (s, t), before, trust.0[t]);
            }
        }
        // Walking out is choosing an impasse: a stressed stakeholder leaves only when nothing
        // the others put on the table is worth more to it than an impasse (impasse aversion).
        let impasse = impasse_value(setting.case.batna[s], params.impasse_aversion, time);
        let mut leaves = false;
        if stress.0 > params.walkout_stress && table.best_offer[s] < impasse {
            let p = params.walkout_rate * (stress.0 - params.walkout_stress)
                / (1.0 - params.walkout_stress);
            leaves = chance(&mut stream.0, p);
        }
        // A played seat leaves when its player says so; the draw is made all the same.
        if let Some(input) = players.and_then(|p| p.input(s)) {
            leaves = input.walk_out;
        }
        if leaves {
            departure.walked_out = true;
            table.walked[s] = true;
            transcript.push(|| Event::WalkedOut { round, seat: s });
        }
    }
}
