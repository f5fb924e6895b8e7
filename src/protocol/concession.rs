//! Step 4, concession and reciprocity: aspiration falls along the stakeholder's time tactic and
//! reacts to the others. Reciprocated concessions build trust; exploitation slows concession.

use crate::protocol::components::*;
use crate::protocol::observe::Transcript;
use bevy_ecs::prelude::*;

/// Aspiration on the time tactic: `floor + (start - floor) * (1 - clock^(1/e))`.
pub fn aspiration_at(a: &Aspiration) -> f64 {
    let fall = if a.clock >= 1.0 {
        1.0
    } else {
        libm::pow(a.clock, 1.0 / a.exponent)
    };
    a.floor + (a.start - a.floor) * (1.0 - fall)
}

/// Time-tactic exponent e = 4^((2 * concession_willingness - 1) - (assertiveness - 0.5)):
/// 0.25 (Boulware) ... 1 (linear) ... 4 (Conceder), the exponents of the classic tactics;
/// assertiveness, the resistance to yielding, slows the fall (dual concern theory: low
/// self-concern yields quickly).
pub fn time_exponent(concession_willingness: f64, assertiveness: f64) -> f64 {
    libm::pow(
        4.0,
        (2.0 * concession_willingness - 1.0) - (assertiveness - 0.5),
    )
}

/// Advances each stakeholder's concession clock by `1 / deadline`, or by
/// `(1 - exploitation_slowdown) / deadline` when it conceded last round and the others did
/// not; updates trust towards each other stakeholder: up when that one's package moved towards
/// it, down when it moved away, or stood still while this stakeholder conceded.
pub fn concede(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut transcript: ResMut<Transcript>,
    mut seats: Query<(&Seat, &mut Aspiration, &mut Trust)>,
) {
    if !table.is_open() {
        return; // agreed this round
    }
    let params = &*setting.params;
    let eps = params.progress_epsilon;
    let n = table.n;
    let round = table.round + 1;
    for (seat, mut aspiration, mut trust) in &mut seats {
        let s = seat.0;
        let own = table.cell(s, s);
        let i_conceded = table.previous_present[s]
            && table.offer_present[s]
            && table.previous_offer_utility[own] - table.offer_utility[own] > eps;
        let mut others_moved = 0.0;
        let mut counted = 0usize;
        for t in (0..n).filter(|&t| t != s) {
            if !(table.previous_present[t] && table.offer_present[t]) {
                continue;
            }
            let cell = table.cell(s, t);
            let moved = table.offer_utility[cell] - table.previous_offer_utility[cell];
            others_moved += moved;
            counted += 1;
            let before = trust.0[t];
            // Reciprocated concessions build trust; retractions, and standing still while
            // one concedes oneself (exploitation), erode it.
            if moved > eps {
                trust.0[t] += params.trust_gain * (1.0 - trust.0[t]);
            } else if moved < -eps || i_conceded {
                trust.0[t] -= params.trust_loss * trust.0[t];
            }
            transcript.trust_moved(round, (s, t), before, trust.0[t]);
        }
        let they_conceded = counted > 0 && others_moved / counted as f64 > eps;
        let pace = if i_conceded && !they_conceded {
            1.0 - params.exploitation_slowdown
        } else {
            1.0
        };
        aspiration.clock = (aspiration.clock + pace / setting.rules.deadline as f64).min(1.0);
        aspiration.value = aspiration_at(&aspiration);
    }
}
