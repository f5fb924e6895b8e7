//! Step 4, concession and reciprocity: aspiration falls along the stakeholder's time tactic and
//! reacts to the others. Reciprocated concessions build trust; exploitation slows concession.

use crate::protocol::components::*;
use crate::protocol::observe::Transcript;
use bevy_ecs::prelude::*;

/// Aspiration on the time tactic: `floor + (start - floor) * (1 - clock^(1/e))`.
///
/// The power is computed as `2^(log2(clock) / e)`: libm's `exp2` and `log2` together take
/// about half the time of its `pow`, which ran once per stakeholder and round (`concede` looks
/// most logarithms up, see [`clock_steps`]); the result differs from `pow`'s by up to some ten
/// units in the last place and is the same on every machine.
pub fn aspiration_at(a: &Aspiration) -> f64 {
    aspiration_with(a, libm::log2(a.clock))
}

/// [`aspiration_at`] given `log2(a.clock)`.
fn aspiration_with(a: &Aspiration, log2_clock: f64) -> f64 {
    let fall = if a.clock >= 1.0 {
        1.0
    } else {
        libm::exp2(log2_clock / a.exponent)
    };
    a.floor + (a.start - a.floor) * (1.0 - fall)
}

/// The concession clock one round on, at `pace` (1 at full pace), never past 1: the one formula
/// for `concede` and [`clock_steps`], so that the looked-up clocks are the ones reached.
#[inline]
fn advance(clock: f64, pace: f64, deadline: u32) -> f64 {
    (clock + pace / deadline as f64).min(1.0)
}

/// Rounds whose full-pace clock [`clock_steps`] holds at most: later rounds of very long
/// processes compute the logarithm.
pub const CLOCK_STEPS_MAX: u32 = 1024;

/// The concession clock after each round of a stakeholder never slowed down by exploitation,
/// with its `log2`: `[(clock, log2(clock))]`, round 1 first, for the first
/// [`CLOCK_STEPS_MAX`] rounds at most. Most clocks follow it, so the round looks the logarithm
/// up instead of computing it; the same for every process with this deadline.
pub fn clock_steps(deadline: u32) -> Vec<(f64, f64)> {
    let mut clock = 0.0f64;
    (0..deadline.min(CLOCK_STEPS_MAX))
        .map(|_| {
            clock = advance(clock, 1.0, deadline);
            (clock, libm::log2(clock))
        })
        .collect()
}

/// How near the deadline weighs in round `round` (from 1) of a process with `deadline` rounds:
/// `1 / R`, with `R` the rounds left, this one included (1 in the last round, 1/2 in the one
/// before, 0 before the process starts). An impasse `R` rounds away weighs `1 / R`: in the last
/// round it is the only alternative to what is on the table; earlier, waiting for a better offer
/// is still possible. The weight depends on the rounds left, not on the share of time gone: the
/// deadline effect (agreements crowd into the last moments before a deadline; Roth, Murnighan &
/// Schoumaker 1988) is about how close the end is, however long the process.
pub fn time_pressure(round: u32, deadline: u32) -> f64 {
    if round == 0 || round > deadline {
        return 0.0;
    }
    1.0 / f64::from(deadline - round + 1)
}

/// Time-tactic exponent e = 4^((2 * concession_willingness - 1) - (assertiveness - 0.5)):
/// at assertiveness 0.5, 0.25 (Boulware) ... 1 (linear) ... 4 (Conceder), the exponents of
/// the classic tactics; assertiveness, the resistance to yielding, slows the fall (dual
/// concern theory: low self-concern yields quickly), moving e by up to a factor of two either
/// way (0.125 to 8 over all traits).
pub fn time_exponent(concession_willingness: f64, assertiveness: f64) -> f64 {
    libm::pow(
        4.0,
        (2.0 * concession_willingness - 1.0) - (assertiveness - 0.5),
    )
}

/// Step 4, concession, as a system of its own, for tables that run the steps one by one (see
/// `concede_step`; other tables run it in [`crate::protocol::round`]).
///
/// Advances each stakeholder's concession clock by `1 / deadline`, or by
/// `(1 - exploitation_slowdown) / deadline` when it conceded last round and the others did
/// not; updates trust towards each other stakeholder: up when that one's package moved towards
/// it, down when it moved away, or stood still while this stakeholder conceded.
pub fn concede(
    setting: Res<Setting>,
    table: Res<TableState>,
    mut transcript: ResMut<Transcript>,
    mut seats: Query<Conceder>,
) {
    concede_step(&setting, &table, &mut transcript, &mut seats);
}

/// What the concession step reads and writes at each seat.
pub(crate) type Conceder = (&'static Seat, &'static mut Aspiration, &'static mut Trust);

/// Step 4, concession, for [`concede`] and the round's closing half
/// ([`crate::protocol::round::closing`]).
pub(crate) fn concede_step(
    setting: &Setting,
    table: &TableState,
    transcript: &mut Transcript,
    seats: &mut Query<Conceder>,
) {
    if !table.is_open() {
        return; // agreed this round
    }
    let params = &*setting.params;
    let eps = params.progress_epsilon;
    let n = table.n;
    let round = table.round + 1;
    for (seat, mut aspiration, mut trust) in seats.iter_mut() {
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
        aspiration.clock = advance(aspiration.clock, pace, setting.rules.deadline);
        // Looked up only for the very clock it was computed for, so the result is exact.
        let log2_clock = match setting.clock_steps.get(table.round as usize) {
            Some(&(clock, log2)) if clock == aspiration.clock => log2,
            _ => libm::log2(aspiration.clock),
        };
        aspiration.value = aspiration_with(&aspiration, log2_clock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(exponent: f64, clock: f64) -> f64 {
        aspiration_at(&Aspiration {
            value: 1.0,
            start: 1.0,
            floor: 0.2,
            exponent,
            clock,
        })
    }

    #[test]
    fn aspiration_falls_along_the_time_tactic() {
        // A quarter of the time gone: the fall is 0.25 linearly (e = 1), 0.0625 for a Boulware
        // (e = 0.5, clock^2) and 0.5 for a conceder (e = 2, clock^0.5); all exact in binary.
        assert_eq!(at(1.0, 0.25), 0.2 + 0.8 * 0.75);
        assert_eq!(at(0.5, 0.25), 0.2 + 0.8 * (1.0 - 0.0625));
        assert_eq!(at(2.0, 0.25), 0.2 + 0.8 * 0.5);
        // The start before the clock runs, the floor when it has run out.
        assert_eq!(at(1.0, 0.0), 1.0);
        assert_eq!(at(0.25, 1.0), 0.2);
    }

    #[test]
    fn time_pressure_is_one_over_the_rounds_left() {
        assert_eq!(time_pressure(30, 30), 1.0, "the last round");
        assert_eq!(time_pressure(29, 30), 0.5);
        assert_eq!(time_pressure(1, 30), 1.0 / 30.0);
        assert_eq!(time_pressure(1, 1), 1.0);
        // Outside the process: no pressure.
        assert_eq!(time_pressure(0, 30), 0.0);
        assert_eq!(time_pressure(31, 30), 0.0);
        // The rounds left count, not the share of time gone.
        assert_eq!(time_pressure(98, 100), time_pressure(28, 30));
    }

    #[test]
    fn clock_steps_are_the_full_pace_clock_and_its_log2() {
        let steps = clock_steps(4);
        let clocks: Vec<f64> = steps.iter().map(|s| s.0).collect();
        assert_eq!(clocks, vec![0.25, 0.5, 0.75, 1.0]);
        // Deadline 20 adds 0.05 at a time: the third step is 0.15000000000000002, the value
        // `concede` reaches, not 0.15.
        let third = clock_steps(20)[2];
        assert_eq!(third.0, 0.05 + 0.05 + 0.05);
        // Very long processes hold only the first rounds; later ones compute the logarithm.
        assert_eq!(clock_steps(5000).len(), CLOCK_STEPS_MAX as usize);
        for (clock, log2) in steps.into_iter().chain(clock_steps(20)) {
            assert_eq!(log2.to_bits(), libm::log2(clock).to_bits());
        }
    }
}
