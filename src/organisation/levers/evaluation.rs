//! Lever 5, evaluate and learn: after each cycle's processes the organisation looks at what
//! paid off. The difference between the mean traits of people at win-win-win tables and those
//! at the other tables is the lesson; every participant moves its traits by `learning_rate`
//! times that difference, with weight 1.5 if its own payoff (half its surplus over BATNA plus
//! half its table's mean surplus) was below the cycle's mean and 0.5 otherwise: those for whom
//! it did not pay off learn more.

use crate::model::traits::Traits;
use crate::organisation::components::*;
use bevy_ecs::prelude::*;

fn payoffs(table: &TableOutcome) -> Vec<f64> {
    let m = &table.result.metrics;
    let batna = &table.result.case.batna;
    let surplus: Vec<f64> = m
        .utilities
        .iter()
        .zip(batna)
        .map(|(u, b)| if m.agreed { u - b } else { 0.0 })
        .collect();
    let mean = surplus.iter().sum::<f64>() / surplus.len() as f64;
    surplus.iter().map(|s| 0.5 * s + 0.5 * mean).collect()
}

fn mean_traits<'a>(traits: impl Iterator<Item = &'a Traits>) -> Option<[f64; 8]> {
    let mut sum = [0.0; 8];
    let mut n = 0.0;
    for t in traits {
        for (s, x) in sum.iter_mut().zip(t.to_array()) {
            *s += x;
        }
        n += 1.0;
    }
    (n > 0.0).then(|| sum.map(|s| s / n))
}

/// What paid off this cycle: mean traits at win-win-win tables minus mean traits elsewhere
/// (none when every table, or no table, was win-win-win).
pub fn lesson(outcomes: &[TableOutcome]) -> Option<[f64; 8]> {
    let traits = |win: bool| {
        mean_traits(
            outcomes
                .iter()
                .filter(move |t| t.result.metrics.win_win_win == win)
                .flat_map(|t| t.result.seats.iter().map(|s| &s.traits)),
        )
    };
    let (good, rest) = (traits(true)?, traits(false)?);
    let mut d = [0.0; 8];
    for i in 0..8 {
        d[i] = good[i] - rest[i];
    }
    Some(d)
}

/// Participants learn the cycle's lesson.
pub fn evaluate_and_learn(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    outcomes: Res<Outcomes>,
    mut ledger: ResMut<Ledger>,
    seating: Res<Seating>,
    mut people: Query<(Entity, &mut Mindset)>,
) {
    let e = &setup.config.evaluation;
    if e.learning_rate == 0.0 || !e.timing.active(clock.cycle) {
        return;
    }
    let all: Vec<Vec<f64>> = outcomes.0.iter().map(payoffs).collect();
    let count: usize = all.iter().map(Vec::len).sum();
    ledger.evaluation += e.cost_per_participant * count as f64;
    let Some(d) = lesson(&outcomes.0) else { return };
    let mean = all.iter().flatten().sum::<f64>() / count.max(1) as f64;
    for (person, mut mind) in &mut people {
        let Some((t, s)) = seating.seat(person) else {
            continue;
        };
        let weight = if all[t][s] < mean { 1.5 } else { 0.5 };
        let mut a = mind.0.to_array();
        for (x, dx) in a.iter_mut().zip(d) {
            *x = (*x + e.learning_rate * weight * dx).clamp(0.0, 1.0);
        }
        mind.0 = Traits::from_array(a);
    }
}
